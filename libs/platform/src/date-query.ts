import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { isBusinessDate } from './business-date';
import { LimitQuery } from './pagination';

@ValidatorConstraint({ name: 'businessDate' })
export class IsBusinessDateConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isBusinessDate(value);
  }

  defaultMessage(): string {
    return '$property must be a date written YYYY-MM-DD';
  }
}

/** `?date=YYYY-MM-DD` (default: today) with `?limit=`. */
export class DateQuery extends LimitQuery {
  @ApiPropertyOptional({ example: '2026-11-25', description: 'business date, default today' })
  @IsOptional()
  @Validate(IsBusinessDateConstraint)
  date?: string;
}

/** `?from=YYYY-MM-DD&to=YYYY-MM-DD`, inclusive; defaults are the route's (see resolveDateRange). */
export class DateRangeQuery {
  @ApiPropertyOptional({ example: '2026-11-19', description: 'first business date, inclusive' })
  @IsOptional()
  @Validate(IsBusinessDateConstraint)
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-25', description: 'last business date, inclusive' })
  @IsOptional()
  @Validate(IsBusinessDateConstraint)
  to?: string;
}
