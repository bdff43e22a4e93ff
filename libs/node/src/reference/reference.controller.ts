import { Body, Controller, Get, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../access/auth-user';
import { ALL_ROLES, CurrentUser, Roles, Tiers } from '../access/auth.decorators';
import { badRequest } from '../http/validation';
import type { CalendarYearEntity, DepartmentEntity } from '../persistence/catalogue.entities';
import { CalendarYearResponse, CreateDepartmentDto, DepartmentResponse, DueDateQueryDto, DueDateResponse, UpdateDepartmentDto } from './reference.dto';
import { ReferenceService } from './reference.service';

const yearPipe = new ParseIntPipe({ exceptionFactory: () => badRequest([{ field: 'year', reason: 'must be an integer' }]) });

@ApiTags('reference')
@ApiBearerAuth()
@Controller()
export class ReferenceController {
  constructor(private readonly reference: ReferenceService) {}

  @Get('departments')
  @Roles(...ALL_ROLES)
  @ApiOkResponse({ type: [DepartmentResponse] })
  async departments(): Promise<DepartmentResponse[]> {
    return (await this.reference.listDepartments()).map(mapDepartment);
  }

  @Post('departments')
  @Roles('admin')
  @ApiCreatedResponse({ type: DepartmentResponse })
  async createDepartment(@Body() body: CreateDepartmentDto, @CurrentUser() user: AuthUser): Promise<DepartmentResponse> {
    return mapDepartment(await this.reference.createDepartment(body.code, body.name, user.username));
  }

  @Put('departments/:code')
  @Roles('admin')
  @ApiOkResponse({ type: DepartmentResponse })
  async updateDepartment(@Param('code') code: string, @Body() body: UpdateDepartmentDto, @CurrentUser() user: AuthUser): Promise<DepartmentResponse> {
    return mapDepartment(await this.reference.updateDepartment(code, body, user.username));
  }

  @Get('calendar/years')
  @Roles(...ALL_ROLES)
  @ApiOkResponse({ type: [CalendarYearResponse] })
  async years(): Promise<CalendarYearResponse[]> {
    return (await this.reference.listYears()).map(mapYear);
  }

  /** Adds or replaces a year of the holiday calendar (city admins). */
  @Put('calendar/years/:year')
  @Roles('admin')
  @Tiers('city')
  @ApiBody({ type: CalendarYearResponse, description: '{ year, holidays: [{ name, from, to }], makeUpWorkdays, source }' })
  @ApiOkResponse({ type: CalendarYearResponse })
  async putYear(@Param('year', yearPipe) year: number, @Body() body: unknown, @CurrentUser() user: AuthUser): Promise<CalendarYearResponse> {
    return mapYear(await this.reference.putYear(year, body, user.username));
  }

  /** The due date N working days after a day of acceptance (not counted). */
  @Get('calendar/due-date')
  @Roles(...ALL_ROLES)
  @ApiOkResponse({ type: DueDateResponse })
  async dueDate(@Query() query: DueDateQueryDto): Promise<DueDateResponse> {
    return { from: query.from, days: query.days, due: await this.reference.dueDate(query.from, query.days) };
  }
}

function mapDepartment(d: DepartmentEntity): DepartmentResponse {
  return { nodeId: d.nodeId, code: d.code, name: d.name, active: d.active, version: d.version };
}

function mapYear(y: CalendarYearEntity): CalendarYearResponse {
  return { year: y.year, holidays: y.data.holidays, makeUpWorkdays: y.data.makeUpWorkdays, source: y.data.source, version: y.version };
}
