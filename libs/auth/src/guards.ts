import type { Role } from '@ates/contracts';
import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { AuthenticatedUser } from './authenticated-user';
import { IS_PUBLIC, ROLES } from './decorators';

const metadata = <T>(reflector: Reflector, key: string, context: ExecutionContext) =>
  reflector.getAllAndOverride<T>(key, [context.getHandler(), context.getClass()]);

/** Global guard: every HTTP route needs a valid access token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    if (context.getType() !== 'http') return true;
    if (metadata<boolean>(this.reflector, IS_PUBLIC, context)) return true;
    return super.canActivate(context);
  }
}

/** Global guard: routes with @Roles(...) admit only those roles. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const roles = metadata<Role[] | undefined>(this.reflector, ROLES, context);
    if (!roles || roles.length === 0) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
    if (user && roles.includes(user.role)) return true;
    throw new ForbiddenException(`This action is reserved to: ${roles.join(', ')}`);
  }
}
