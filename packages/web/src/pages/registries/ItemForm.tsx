import { useEffect } from 'react';
import { App, Button, Card, DatePicker, Divider, Form, Input, InputNumber, Radio, Select, Space, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { patch, post } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useRegText } from './messages.ts';
import { CIRCUMSTANCES, CODE_RULE, DOMAINS, EditDrawer, PENALTY_KINDS, enumOptions } from './EditDrawer.tsx';
import type { Item } from './ItemTable.tsx';

interface TierV { tier?: string; min?: number; max?: number; circumstances?: string[] }
interface Values {
  code: string; version?: string; name: string; domain: string; violatedArticle?: string; penaltyArticle?: string; kinds: string[];
  fineMode: 'none' | 'range' | 'multiple'; range?: { min?: number; max?: number }; multiple?: { base?: string; min?: number; max?: number };
  tiers?: TierV[]; issuer?: string; effective?: Dayjs; active?: boolean;
}
const KNOWN = [
  'code', 'version', 'name', 'domain', 'violatedArticle', 'penaltyArticle', 'kinds', 'range.min', 'range.max', 'multiple.base', 'multiple.min', 'multiple.max',
  'tiers', 'tiers.#.tier', 'tiers.#.min', 'tiers.#.max', 'tiers.#.circumstances', 'issuer', 'effective', 'active',
];
export type ItemFormMode = 'create' | 'edit' | 'version';

/** Add an item, edit one version, or issue a new benchmark version: POST /items, PATCH /items/:code?version=. */
export function ItemForm({ open, item, mode, onClose, onSaved }: { open: boolean; item: Item | null; mode: ItemFormMode; onClose(): void; onSaved(): void }) {
  const { t, tk } = useI18n();
  const rt = useRegText();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const fineMode = Form.useWatch('fineMode', form);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (item) {
      form.setFieldsValue({
        code: item.code, version: mode === 'version' ? undefined : item.version ?? '', name: item.name, domain: item.domain, violatedArticle: item.violatedArticle ?? undefined,
        penaltyArticle: item.penaltyArticle ?? undefined, kinds: item.kinds ?? [], fineMode: item.range ? 'range' : item.multiple ? 'multiple' : 'none',
        range: item.range ?? undefined, multiple: item.multiple ?? undefined, tiers: item.tiers ?? [], issuer: item.issuer ?? undefined,
        effective: mode === 'version' || !item.effective ? undefined : dayjs(item.effective), active: item.active !== false,
      } as Values);
    }
  }, [open, item, mode, form]);
  const required = (key: Parameters<typeof rt>[0]) => ({ required: true, whitespace: true, message: rt('edit.required', { field: rt(key) }) });
  const num = (key: Parameters<typeof rt>[0]) => ({ required: true, type: 'number' as const, message: rt('edit.required', { field: rt(key) }) });
  const title = mode === 'edit' ? rt('item.edit') : mode === 'version' ? rt('item.newVersionTitle') : rt('item.add');
  return (
    <EditDrawer<Values>
      open={open} title={title} form={form} onClose={onClose} known={KNOWN} testId="item-form" size={760}
      initialValues={{ domain: 'market', kinds: ['fine'], fineMode: 'range', tiers: [] }}
      onSubmit={async (v) => {
        const body = {
          name: v.name, domain: v.domain, violatedArticle: v.violatedArticle || null, penaltyArticle: v.penaltyArticle || null, kinds: v.kinds ?? [],
          range: v.fineMode === 'range' ? { min: v.range?.min ?? 0, max: v.range?.max ?? 0 } : null,
          multiple: v.fineMode === 'multiple' ? { base: v.multiple?.base ?? '', min: v.multiple?.min ?? 0, max: v.multiple?.max ?? 0 } : null,
          tiers: v.tiers?.length ? v.tiers.map((x) => ({ tier: x.tier ?? '', min: x.min ?? 0, max: x.max ?? 0, circumstances: x.circumstances ?? [] })) : null,
          issuer: v.issuer || null, effective: v.effective ? v.effective.format('YYYY-MM-DD') : null,
        };
        if (mode === 'edit' && item) await patch(`/items/${encodeURIComponent(item.code)}?version=${encodeURIComponent(item.version ?? '')}`, { ...body, active: v.active });
        else await post('/items', { code: v.code, version: v.version || null, ...body });
        void message.success(rt('edit.saved'));
        onSaved();
      }}
    >
      <Space align="start" wrap>
        <Form.Item name="code" label={rt('item.code')} rules={[required('item.code'), { pattern: CODE_RULE, message: rt('edit.codeRule') }]}>
          <Input disabled={mode !== 'create'} autoComplete="off" style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="version" label={rt('item.version')} extra={rt('item.versionHelp')} rules={mode === 'version' ? [required('item.version')] : []}>
          <Input disabled={mode === 'edit'} style={{ width: 200 }} placeholder={mode === 'edit' ? rt('item.noVersion') : ''} />
        </Form.Item>
      </Space>
      <Form.Item name="name" label={rt('item.name')} rules={[required('item.name'), { max: 500 }]}><Input /></Form.Item>
      <Space align="start" wrap>
        <Form.Item name="domain" label={t('reg.domain')} rules={[{ required: true }]}>
          <Select style={{ width: 200 }} options={enumOptions(DOMAINS, (d) => tk('domain', d))} />
        </Form.Item>
        <Form.Item name="effective" label={rt('item.effective')}><DatePicker format="YYYY-MM-DD" /></Form.Item>
        <Form.Item name="issuer" label={rt('item.issuer')}><Input style={{ width: 240 }} /></Form.Item>
      </Space>
      <Form.Item name="violatedArticle" label={rt('item.violated')}><Input /></Form.Item>
      <Form.Item name="penaltyArticle" label={rt('item.penaltyArticle')}><Input /></Form.Item>
      <Form.Item name="kinds" label={rt('item.kinds')} rules={[{ required: true, type: 'array', min: 1, message: rt('edit.required', { field: rt('item.kinds') }) }]}>
        <Select mode="multiple" options={enumOptions(PENALTY_KINDS, (k) => tk('pen', k))} />
      </Form.Item>
      <Form.Item name="fineMode" label={rt('item.fineMode')}>
        <Radio.Group options={[{ value: 'none', label: rt('item.fineNone') }, { value: 'range', label: rt('item.fineRange') }, { value: 'multiple', label: rt('item.fineMultiple') }]} />
      </Form.Item>
      {fineMode === 'range' && (
        <Space align="start" wrap>
          <Form.Item name={['range', 'min']} label={rt('item.rangeMin')} rules={[num('item.rangeMin')]}><InputNumber min={0} style={{ width: 180 }} /></Form.Item>
          <Form.Item name={['range', 'max']} label={rt('item.rangeMax')} rules={[num('item.rangeMax')]}><InputNumber min={0} style={{ width: 180 }} /></Form.Item>
        </Space>
      )}
      {fineMode === 'multiple' && (
        <Space align="start" wrap>
          <Form.Item name={['multiple', 'base']} label={rt('item.multipleBase')} extra={rt('item.multipleBaseHelp')} rules={[required('item.multipleBase')]}><Input style={{ width: 200 }} /></Form.Item>
          <Form.Item name={['multiple', 'min']} label={rt('item.multipleMin')} rules={[num('item.multipleMin')]}><InputNumber min={0} style={{ width: 120 }} /></Form.Item>
          <Form.Item name={['multiple', 'max']} label={rt('item.multipleMax')} rules={[num('item.multipleMax')]}><InputNumber min={0} style={{ width: 120 }} /></Form.Item>
        </Space>
      )}
      <Divider titlePlacement="start" plain>{rt('item.tiers')}</Divider>
      <Typography.Paragraph type="secondary">{rt('item.tiersHelp')}</Typography.Paragraph>
      <Form.List name="tiers">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Card key={f.key} size="small" style={{ marginBottom: 8 }} title={rt('item.tierN', { n: i + 1 })} data-testid={`tier-${i}`}
                extra={<Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={rt('item.removeTier', { n: i + 1 })} />}>
                <Space align="start" wrap>
                  <Form.Item name={[f.name, 'tier']} label={rt('item.tier')} rules={[required('item.tier')]}><Input style={{ width: 140 }} /></Form.Item>
                  <Form.Item name={[f.name, 'min']} label={rt('item.tierMin')} rules={[num('item.tierMin')]}><InputNumber min={0} style={{ width: 130 }} /></Form.Item>
                  <Form.Item name={[f.name, 'max']} label={rt('item.tierMax')} rules={[num('item.tierMax')]}><InputNumber min={0} style={{ width: 130 }} /></Form.Item>
                  <Form.Item name={[f.name, 'circumstances']} label={rt('item.tierCirc')}>
                    <Select mode="multiple" style={{ minWidth: 200 }} options={enumOptions(CIRCUMSTANCES, (c) => rt(`circ.${c}` as Parameters<typeof rt>[0]))} />
                  </Form.Item>
                </Space>
              </Card>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ circumstances: [] })} block data-testid="tier-add">{rt('item.addTier')}</Button>
          </>
        )}
      </Form.List>
      {mode === 'edit' && (
        <Form.Item name="active" label={rt('edit.status')} valuePropName="checked" extra={rt('edit.activeHelp')} style={{ marginTop: 16 }}>
          <Switch checkedChildren={rt('edit.active')} unCheckedChildren={rt('edit.inactive')} />
        </Form.Item>
      )}
    </EditDrawer>
  );
}
