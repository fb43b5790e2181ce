import { IsUUID } from 'class-validator';

/** `:id` route parameters are public UUIDs; anything else is a 400, never a 500. */
export class IdParam {
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}
