import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError, DomainErrorCode } from './domain-error';

const STATUS: Record<DomainErrorCode, HttpStatus> = {
  invalid: HttpStatus.BAD_REQUEST,
  unauthorized: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  too_many: HttpStatus.TOO_MANY_REQUESTS,
};

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/**
 * Every error leaves as `{statusCode, message, error}`: domain errors by their code, Nest's HTTP exceptions
 * as they are, Fastify's own (bad JSON, body too large) by their status, anything else as a bare 500 with
 * the details only in the log — never a stack trace or SQL in a response.
 */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const { statusCode, body } = this.toResponse(exception);
    if (statusCode >= 500) this.logger.error(exception);
    if (exception instanceof DomainError && exception.retryAfterMs !== undefined)
      void reply.header('retry-after', String(Math.max(1, Math.ceil(exception.retryAfterMs / 1000))));
    void reply.status(statusCode).send(body);
  }

  private toResponse(exception: unknown): { statusCode: number; body: object } {
    if (exception instanceof DomainError) {
      const statusCode = STATUS[exception.code];
      return { statusCode, body: { statusCode, message: exception.message, error: REASON[statusCode] } };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const body =
        typeof response === 'object'
          ? { statusCode, error: REASON[statusCode] ?? exception.name, ...response }
          : { statusCode, message: response, error: REASON[statusCode] ?? exception.name };
      return { statusCode, body };
    }
    const status = (exception as { statusCode?: unknown })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return {
        statusCode: status,
        body: {
          statusCode: status,
          message: (exception as Error).message,
          error: REASON[status] ?? 'Bad Request',
        },
      };
    }
    return {
      statusCode: 500,
      body: { statusCode: 500, message: 'Internal server error', error: REASON[500] },
    };
  }
}
