// The unit tree for admins (read-only): province → district → wards, each with its validity dates;
// a dissolved unit links to its successor (the unit that took over its dossiers).
import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { localDate } from '../../domain/calendar.js';
import type { StaffActor } from '../../domain/contracts/dossier.js';
import type { Db } from '../../db/database.js';
import type { AppDeps } from '../app.js';
import { requireAdmin, requireStaff, type StaffEnv } from '../auth.js';
import { t } from './i18n.js';
import { ConsoleLayout } from './layout.js';
import { dateVi } from './page-kit.js';

export interface UnitNode {
  id: string;
  code: string;
  name: string;
  level: 'province' | 'district' | 'ward';
  parentId: string | null;
  validFrom: string;
  validTo: string | null;
  successorId: string | null;
  note: string | null;
}

const levelLabel = (level: UnitNode['level']) =>
  ({ province: t('Cấp tỉnh', 'Province'), district: t('Cấp huyện', 'District'), ward: t('Cấp xã', 'Ward') })[level];

export function loadUnits(db: Db): Promise<UnitNode[]> {
  return db
    .selectFrom('units')
    .select(['id', 'code', 'name', 'level', 'parent_id as parentId', 'valid_from as validFrom', 'valid_to as validTo', 'successor_id as successorId', 'note'])
    .execute();
}

export function adminUnitsRoutes(deps: AppDeps) {
  const app = new Hono<StaffEnv>();
  app.get('/console/admin/units', requireStaff(deps.db), requireAdmin, async (c) => {
    const units = await loadUnits(deps.db);
    return c.html(<UnitsPage actor={c.get('actor')} units={units} today={localDate(Date.now())} />);
  });
  return app;
}

/** Units in force first, then by name; a unit whose parent is unknown is shown as a root. */
function childrenOf(units: readonly UnitNode[], parentId: string | null): UnitNode[] {
  const ids = new Set(units.map((u) => u.id));
  return units
    .filter((u) => (parentId === null ? u.parentId === null || !ids.has(u.parentId) : u.parentId === parentId))
    .sort((a, b) => Number(a.validTo !== null) - Number(b.validTo !== null) || a.name.localeCompare(b.name, 'vi'));
}

export function UnitsPage({ actor, units, today }: { actor: StaffActor; units: UnitNode[]; today: string }) {
  const byId = new Map(units.map((u) => [u.id, u]));
  const dissolved = (u: UnitNode) => u.validTo !== null && u.validTo < today;

  const node = (u: UnitNode, seen: Set<string>): Child => {
    const next = new Set(seen).add(u.id);
    const children = childrenOf(units, u.id).filter((k) => !next.has(k.id));
    const successor = u.successorId ? byId.get(u.successorId) : undefined;
    return (
      <li id={`unit-${u.id}`} data-unit={u.id}>
        <div class="unit">
          <strong>{u.name}</strong> <code class="small">{u.code}</code> <span class="small muted">· {levelLabel(u.level)}</span>{' '}
          {dissolved(u) ? <span class="badge">{t('Đã giải thể', 'Dissolved')}</span> : <span class="badge ok">{t('Đang hoạt động', 'Active')}</span>}
          <div class="small">
            {u.validTo
              ? t(`Hiệu lực: từ ${dateVi(u.validFrom)} đến hết ${dateVi(u.validTo)}`, `In force: from ${dateVi(u.validFrom)} to the end of ${dateVi(u.validTo)}`)
              : t(`Hiệu lực: từ ${dateVi(u.validFrom)}`, `In force: from ${dateVi(u.validFrom)}`)}
            {successor && (
              <>
                {' '}
                · <span aria-hidden="true">→ </span>
                <a href={`#unit-${successor.id}`} class="successor">
                  <span class="vh">{t('Đơn vị kế thừa:', 'Successor unit:')} </span>
                  {successor.name}
                </a>
              </>
            )}
          </div>
          {u.note && <div class="small muted">{u.note}</div>}
        </div>
        {children.length > 0 && <ul>{children.map((k) => node(k, next))}</ul>}
      </li>
    );
  };

  const current = units.filter((u) => !dissolved(u)).length;
  return (
    <ConsoleLayout title={t('Đơn vị', 'Unit')} actor={actor} current="units">
      <h1>{t('Cây đơn vị', 'Unit tree')}</h1>
      <p class="lead">
        {t(
          `${units.length} đơn vị, ${current} đang hoạt động. Hồ sơ gửi đến đơn vị đã giải thể được chuyển cho đơn vị kế thừa (mũi tên →).`,
          `${units.length} units, ${current} in force. Dossiers sent to a dissolved unit go to its successor (arrow →).`,
        )}
      </p>
      <section class="card" aria-labelledby="units-title">
        <h2 id="units-title">{t('Công an tỉnh, huyện, xã', 'Province, district and ward police')}</h2>
        <ul class="tree" id="units">
          {childrenOf(units, null).map((u) => node(u, new Set()))}
        </ul>
      </section>
    </ConsoleLayout>
  );
}
