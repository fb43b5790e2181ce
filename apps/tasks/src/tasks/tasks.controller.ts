import { AuthenticatedUser, CurrentUser, Roles } from '@ates/auth';
import { DEFAULT_LIMIT, IdParam } from '@ates/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SHUFFLE_ROLES } from './assignment.rules';
import { CreateTaskDto, MyTasksQuery, TaskListQuery } from './dto';
import { ShuffleResultView, TaskView } from './task.view';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Post()
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
  @ApiOkResponse({ type: [TaskView] })
  async list(@Query() query: TaskListQuery): Promise<TaskView[]> {
    return (await this.tasks.list({ ...query, limit: query.limit ?? DEFAULT_LIMIT })).map(TaskView.of);
  }

  @Get('mine')
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
  @ApiOkResponse({ type: ShuffleResultView })
  async shuffle(): Promise<ShuffleResultView> {
    return { reassigned: await this.tasks.shuffle() };
  }

  @Get(':id')
  @ApiOkResponse({ type: TaskView })
  async get(@Param() { id }: IdParam): Promise<TaskView> {
    return TaskView.of(await this.tasks.get(id));
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOkResponse({
    type: TaskView,
    description: '403 unless the caller is the assignee; 409 if already done',
  })
  async complete(@Param() { id }: IdParam, @CurrentUser() user: AuthenticatedUser): Promise<TaskView> {
    return TaskView.of(await this.tasks.complete(id, user.id));
  }
}
