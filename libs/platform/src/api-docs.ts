import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiResponse } from '@nestjs/swagger';

/** API.md's error body, for every 4xx answer of every service (DomainErrorFilter and Nest's own exceptions). */
export class ErrorBody {
  @ApiProperty({ example: 400 }) statusCode!: number;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    description:
      'What went wrong. For invalid input (400 from validation): an array, one message per problem.',
    example: ['title must be shorter than or equal to 200 characters'],
  })
  message!: string | string[];

  @ApiProperty({ example: 'Bad Request' }) error!: string;
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 429;

const ERRORS: Record<ErrorStatus, { error: string; description: string; message: string | string[] }> = {
  400: {
    error: 'Bad Request',
    description: 'Invalid input (unknown fields too): `message` lists every problem',
    message: ['title must be shorter than or equal to 200 characters', 'property status should not exist'],
  },
  401: {
    error: 'Unauthorized',
    description: 'Missing, invalid or expired access token',
    message: 'Invalid or expired token',
  },
  403: {
    error: 'Forbidden',
    description: 'Authenticated, but not allowed to do this',
    message: 'Forbidden resource',
  },
  404: { error: 'Not Found', description: 'No such resource', message: 'Task not found' },
  409: {
    error: 'Conflict',
    description: 'Conflicts with the current state',
    message: 'Task is already done',
  },
  429: {
    error: 'Too Many Requests',
    description: 'Too many attempts; `Retry-After` says how many seconds to wait',
    message: 'Too many attempts, try again later',
  },
};

/**
 * Documents error answers, each with the shared body and an example: `@ApiErrors(400, 404)`, or with a route's own
 * reason: `@ApiErrors([409, 'username or e-mail already taken'])`. On a class it documents every route of it.
 */
export function ApiErrors(
  ...errors: Array<ErrorStatus | [ErrorStatus, string]>
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...errors.map((entry) => {
      const [status, reason] = Array.isArray(entry) ? entry : [entry, undefined];
      const { error, description, message } = ERRORS[status];
      return ApiResponse({
        status,
        description: reason ?? description,
        type: ErrorBody,
        example: { statusCode: status, message: reason && status !== 400 ? reason : message, error },
      });
    }),
  );
}

/** A controller whose every route needs an access token: bearer auth, 401 and 403 documented. */
export function ApiAuthenticated(): ClassDecorator {
  return applyDecorators(ApiBearerAuth(), ApiErrors(401, 403));
}

/** A route's summary (one line in Swagger UI's list), with its error answers. */
export function ApiRoute(
  summary: string,
  ...errors: Array<ErrorStatus | [ErrorStatus, string]>
): MethodDecorator & ClassDecorator {
  return applyDecorators(ApiOperation({ summary }), ApiErrors(...errors));
}
