import { type BadRequestException, Inject, Injectable } from '@nestjs/common';
import { ITEM_STATUSES, validateServiceItemContent, type ItemStatus, type ServiceItemContent } from '@liandong/shared';
import { CLOCK, type Clock } from '../../clock/clock';
import { NODE_CONFIG } from '../../config/config.module';
import type { NodeConfig } from '../../config/node-config';
import { badRequest } from '../../http/validation';
import { UnitOfWork } from '../../persistence/unit-of-work';
import { CatalogueRepository } from '../catalogue.repository';
import { actionsBetween, CatalogueService } from '../catalogue.service';
import { readCatalogueWorkbook, writeCatalogueWorkbook } from './catalogue-workbook';
import { JSON_FORMAT, jsonImportRows, type CatalogueJson, type ImportError, type ImportRow } from './catalogue-transfer';

export interface ImportSummary {
  readonly dryRun: boolean;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly items: ReadonlyArray<{ implCode: string; result: 'created' | 'updated' | 'unchanged'; status: ItemStatus }>;
}

interface PlannedRow {
  readonly content: ServiceItemContent;
  readonly target: ItemStatus | null;
}

/**
 * Catalogue import and export (JSON and .xlsx). An import validates every row first and reports every problem
 * with its row and field; when any row fails nothing is imported. Otherwise all rows are written in one
 * transaction: new items are created, changed ones get a new version, status columns are applied.
 */
@Injectable()
export class CatalogueTransferService {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly items: CatalogueRepository,
    private readonly uow: UnitOfWork,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The items this node owns (or, with `all`, every item it holds) as the JSON export. */
  async exportJson(all: boolean): Promise<CatalogueJson> {
    return {
      format: JSON_FORMAT,
      formatVersion: 1,
      node: this.config.nodeId,
      exportedAt: this.clock.now().toISOString(),
      items: (await this.selected(all)).map((i) => ({ status: i.status, version: i.version, content: i.content })),
    };
  }

  async exportXlsx(all: boolean): Promise<Buffer> {
    const items = (await this.selected(all)).map((i) => ({ status: i.status, version: i.version, content: i.content }));
    return writeCatalogueWorkbook(items, { nodeId: this.config.nodeId, exportedAt: this.clock.now().toISOString() });
  }

  importJson(body: unknown, actor: string, dryRun: boolean): Promise<ImportSummary> {
    const { rows, errors } = jsonImportRows(body);
    return this.import(rows, errors, actor, dryRun);
  }

  async importXlsx(data: Buffer, actor: string, dryRun: boolean): Promise<ImportSummary> {
    const parsed = await readCatalogueWorkbook(data);
    const rows: ImportRow[] = parsed.rows.map((row) => ({
      content: row.content,
      status: row.status,
      where: (path) => {
        const cell = row.locate(path);
        return { field: cell.column, sheet: cell.sheet, row: cell.row };
      },
    }));
    const errors: ImportError[] = parsed.errors.map((e) => ({ field: e.field, reason: e.reason, sheet: e.sheet, row: e.row }));
    return this.import(rows, errors, actor, dryRun);
  }

  private async import(rows: readonly ImportRow[], structural: readonly ImportError[], actor: string, dryRun: boolean): Promise<ImportSummary> {
    this.catalogue.ownScope();
    const errors: ImportError[] = [...structural];
    const planned: PlannedRow[] = [];
    const seen = new Map<string, number>();
    for (const [index, row] of rows.entries()) {
      const rowErrors = await this.checkRow(row, seen, index);
      if (rowErrors.errors.length > 0) errors.push(...rowErrors.errors);
      else if (rowErrors.plan !== null) planned.push(rowErrors.plan);
    }
    if (errors.length > 0) throw importRejected(errors);

    const results: Array<ImportSummary['items'][number]> = [];
    const apply = async (): Promise<void> =>
      this.uow.run(async (manager) => {
        for (const plan of planned) {
          const before = await this.items.find(plan.content.implCode, manager);
          let item = before === null ? await this.catalogue.create(plan.content, actor, manager) : await this.catalogue.update(plan.content.implCode, plan.content, actor, manager);
          for (const action of actionsBetween(item.status, plan.target ?? item.status) ?? []) {
            item = await this.catalogue.act(item.implCode, action, actor, manager);
          }
          const result = before === null ? 'created' : before.version === item.version ? 'unchanged' : 'updated';
          results.push({ implCode: item.implCode, result, status: item.status });
        }
        if (dryRun) throw DRY_RUN;
      });
    try {
      await apply();
    } catch (error) {
      if (error !== DRY_RUN) throw error;
    }
    const count = (r: string): number => results.filter((x) => x.result === r).length;
    return { dryRun, created: count('created'), updated: count('updated'), unchanged: count('unchanged'), items: results };
  }

  private async checkRow(row: ImportRow, seen: Map<string, number>, index: number): Promise<{ errors: ImportError[]; plan: PlannedRow | null }> {
    const validated = validateServiceItemContent(row.content);
    if (!validated.ok) return { errors: validated.errors.map((e) => ({ ...row.where(e.field), reason: e.reason })), plan: null };
    const content = validated.value;
    const errors: ImportError[] = (await this.catalogue.departmentErrors(content)).map((e) => ({ ...row.where(e.field), reason: e.reason }));

    const first = seen.get(content.implCode);
    if (first !== undefined) errors.push({ ...row.where('implCode'), reason: `repeats the implCode of row ${first + 1}` });
    seen.set(content.implCode, index);

    let target: ItemStatus | null = null;
    if (row.status !== null) {
      if (!(ITEM_STATUSES as readonly string[]).includes(row.status)) {
        errors.push({ ...row.where('status'), reason: `must be one of ${ITEM_STATUSES.join(', ')} (got "${row.status}")` });
      } else {
        target = row.status as ItemStatus;
      }
    }
    const existing = await this.items.find(content.implCode);
    if (existing !== null) {
      if (existing.ownerNode !== this.config.nodeId) {
        errors.push({ ...row.where('implCode'), reason: `item ${content.implCode} is owned by ${existing.ownerNode}; only it may change the item` });
      } else if (existing.status === 'cancelled' && JSON.stringify(existing.content) !== JSON.stringify(content)) {
        errors.push({ ...row.where('implCode'), reason: `item ${content.implCode} is cancelled and cannot change` });
      }
      if (target !== null && actionsBetween(existing.status, target) === null) {
        errors.push({ ...row.where('status'), reason: `cannot go from ${existing.status} to ${target}` });
      }
    }
    return { errors, plan: errors.length > 0 ? null : { content, target } };
  }

  private async selected(all: boolean) {
    const items = await this.items.all();
    return all ? items : items.filter((i) => i.ownerNode === this.config.nodeId);
  }
}

const DRY_RUN = Symbol('dry run: roll back');

/** A 400 listing every row problem (with sheet and row for a workbook); nothing has been written. */
function importRejected(errors: readonly ImportError[]): BadRequestException {
  const error = badRequest(errors.map((e) => ({ field: e.sheet !== undefined ? `${e.sheet}!${e.row}:${e.field}` : e.field, reason: e.reason })));
  const body = error.getResponse() as Record<string, unknown>;
  body['message'] = `导入失败，未导入任何事项 (${errors.length} problem(s); nothing was imported): ${body['message'] as string}`;
  body['errors'] = errors;
  return error;
}
