import { Select, type SelectProps } from 'antd';
import { asPage, type Localized, type Page } from '../api.ts';
import { useGet } from '../hooks.ts';
import { useI18n } from '../i18n/index.tsx';

export interface Agency { code: string; name: string; region?: string; domain?: string; level?: string; parent?: string | null; }
export interface RuleInfo { id: string; title?: Localized | string; citation?: unknown; quote?: Localized | string; pack?: string; }

type Props = Omit<SelectProps<string>, 'options'>;

/** Agencies of the user's scope, searchable by code or name. */
export function AgencySelect(props: Props) {
  const { t } = useI18n();
  const { data, loading } = useGet<Page<Agency> | Agency[]>('/agencies', { pageSize: 200 });
  const options = asPage(data).items.map((a) => ({ value: a.code, label: `${a.name}（${a.code}）` }));
  return <Select<string> allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('common.all')} loading={loading} options={options} {...props} />;
}

/** Flatten GET /rules: `{ packs: [{ id, rules }] }`, `{ items }` or a bare array. */
export function flattenRules(v: unknown): RuleInfo[] {
  if (!v) return [];
  if (Array.isArray(v)) return v.flatMap((x: { rules?: RuleInfo[]; id: string }) => (x.rules ? x.rules.map((r) => ({ ...r, pack: x.id })) : [x as RuleInfo]));
  const o = v as { packs?: unknown; items?: unknown; rules?: unknown };
  return flattenRules(o.packs ?? o.items ?? o.rules);
}

export function RuleSelect(props: Props) {
  const { t, loc } = useI18n();
  const { data, loading } = useGet<unknown>('/rules');
  const options = flattenRules(data).map((r) => ({ value: r.id, label: r.title ? `${loc(r.title)} · ${r.id}` : r.id }));
  return <Select<string> allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('common.all')} loading={loading} options={options} popupMatchSelectWidth={false} {...props} />;
}
