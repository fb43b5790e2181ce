import { AuthenticatedUser, CurrentUser, Roles } from '@ates/auth';
import { ApiAuthenticated, ApiRoute, DEFAULT_LIMIT, IdParam } from '@ates/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SHUFFLE_ROLES } from './assignment.rules';
import { CreateTaskDto, MyTasksQuery, TaskListQuery } from './dto';
import { ShuffleResultView, TaskView } from './task.view';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@ApiAuthenticated()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Post()
  @ApiRoute('Create a task, assigned to a random eligible popug', 400, [
    409,
    'Nobody is eligible to be assigned',
  ])
  @ApiCreatedResponse({
    type: TaskView,
    description: 'open, with a random eligible assignee; 409 if nobody is eligible',
  })
  async create(@Body() body: CreateTaskDto, @CurrentUser() user: AuthenticatedUser): Promise<TaskView> {
    const task = await this.tasks.create({
      title: body.title,
      jiraId: body.jiraId ?? null,
      description: body.description ?? '',
      createdBy: user.id,
    });
    return TaskView.of(task);
  }

  @Get()
  @ApiRoute('List tasks, newest first', 400)
  @ApiOkResponse({ type: [TaskView] })
  async list(@Query() query: TaskListQuery): Promise<TaskView[]> {
    return (await this.tasks.list({ ...query, limit: query.limit ?? DEFAULT_LIMIT })).map(TaskView.of);
  }

  @Get('mine')
  @ApiRoute('List the tasks assigned to the caller, newest first', 400)
  @ApiOkResponse({ type: [TaskView] })
  async mine(@Query() query: MyTasksQuery, @CurrentUser() user: AuthenticatedUser): Promise<TaskView[]> {
    const tasks = await this.tasks.list({
      status: query.status,
      assigneeId: user.id,
      limit: query.limit ?? DEFAULT_LIMIT,
    });
    return tasks.map(TaskView.of);
  }

  @Post('shuffle')
  @HttpCode(200)
  @Roles(...SHUFFLE_ROLES)
  @ApiRoute('Reassign every open task at random (managers and admins)')
  @ApiOkResponse({ type: ShuffleResultView })
  async shuffle(): Promise<ShuffleResultView> {
    return { reassigned: await this.tasks.shuffle() };
  }

  @Get(':id')
  @ApiRoute('Get a task', 400, 404)
  @ApiOkResponse({ type: TaskView })
  async get(@Param() { id }: IdParam): Promise<TaskView> {
    return TaskView.of(await this.tasks.get(id));
  }

  @Post(':id/complete')
  @ApiRoute('Complete a task (its assignee only)', 400, [403, 'Only the assignee may complete a task'], 404, [
    409,
    'Task is already done',
  ])
  @HttpCode(200)
  @ApiOkResponse({
    type: TaskView,
    description: '403 unless the caller is the assignee; 409 if already done',
  })
  async complete(@Param() { id }: IdParam, @CurrentUser() user: AuthenticatedUser): Promise<TaskView> {
    return TaskView.of(await this.tasks.complete(id, user.id));
  }
}
