import { ROLES, type Role } from '@ates/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class SignupDto {
  @ApiProperty({ example: 'popug_42', description: '3–32 of [a-z0-9_.-]' })
  @IsString()
  @Matches(/^[a-z0-9_.-]{3,32}$/, {
    message: 'username must be 3–32 characters of a-z, 0-9, "_", "." or "-"',
  })
  username!: string;

  @ApiProperty({ example: 'popug42@popug.inc' })
  @Transform(trim)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 8, maxLength: 128, example: 'correct-horse-42' })
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  password!: string;

  @ApiProperty({ example: 'Popug Fortytwo' })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  fullName!: string;
}

export class UpdateAccountDto {
  @ApiPropertyOptional({ enum: ROLES, example: 'worker' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ example: 'popug42@popug.inc' })
  @IsOptional()
  @Transform(trim)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: 'Popug Fortytwo' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  fullName?: string;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
