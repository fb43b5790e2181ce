import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username!: string;

  @ApiProperty({ example: 'correct-horse-42' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  password!: string;
}

export class RefreshDto {
  @ApiProperty({ example: 'r1.9f8e7d6c5b4a39281706f5e4d3c2b1a0' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  refreshToken!: string;
}

export class TokenPairView {
  @ApiProperty({ example: 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiI3ZDllIn0.c2ln' })
  accessToken!: string;
  @ApiProperty({ example: 'r1.9f8e7d6c5b4a39281706f5e4d3c2b1a0' }) refreshToken!: string;
  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty({ description: 'access token lifetime in seconds', example: 900 }) expiresIn!: number;
}
