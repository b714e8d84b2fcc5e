/** Between the service form (strings as typed) and the API's ServiceInput. Pure. */

import { int } from './customer-form';

export const SERVICE_STATUSES = ['ACTIVE', 'PENDING', 'STOPPED', 'DISABLED'] as const;
export type ServiceStatusValue = (typeof SERVICE_STATUSES)[number];

export interface ServiceFormFields {
  login: string;
  /** Empty when editing means "keep the stored password". */
  password: string;
  mac: string;
  tariffId: string;
  routerId: string;
  status: ServiceStatusValue;
  startDate: string;
  endDate: string;
  simultaneousUse: string;
  bindToRouter: boolean;
  description: string;
}

export interface ServiceRecord {
  login: string;
  mac: string | null;
  status: string;
  startDate: string;
  endDate: string | null;
  simultaneousUse: number;
  bindToRouter: boolean;
  description: string | null;
  tariff: { number: number };
  router: { number: number } | null;
}

export function emptyService(today: string): ServiceFormFields {
  return {
    login: '',
    password: '',
    mac: '',
    tariffId: '',
    routerId: '',
    status: 'ACTIVE',
    startDate: today,
    endDate: '',
    simultaneousUse: '1',
    bindToRouter: false,
    description: '',
  };
}

export function formFromService(s: ServiceRecord): ServiceFormFields {
  return {
    login: s.login,
    password: '',
    mac: s.mac ?? '',
    tariffId: String(s.tariff.number),
    routerId: s.router ? String(s.router.number) : '',
    status: (SERVICE_STATUSES as readonly string[]).includes(s.status) ? (s.status as ServiceStatusValue) : 'ACTIVE',
    startDate: s.startDate,
    endDate: s.endDate ?? '',
    simultaneousUse: String(s.simultaneousUse),
    bindToRouter: s.bindToRouter,
    description: s.description ?? '',
  };
}

export const SERVICE_FORM_FIELDS = Object.keys(emptyService('2000-01-01'));

/** ServiceInput for create (`editing` false) or update (true: emptied optional fields cleared). */
export function serviceInput(values: ServiceFormFields, editing: boolean): Record<string, unknown> {
  const input: Record<string, unknown> = {
    login: values.login.trim(),
    status: values.status,
    bindToRouter: values.bindToRouter,
  };
  if (values.tariffId) input['tariffId'] = Number(values.tariffId);
  if (values.password !== '') input['password'] = values.password;
  const optional = { mac: values.mac.trim(), description: values.description.trim(), endDate: values.endDate };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== '') input[key] = value;
    else if (editing) input[key] = null;
  }
  if (values.routerId) input['routerId'] = Number(values.routerId);
  else if (editing) input['routerId'] = null;
  if (values.startDate) input['startDate'] = values.startDate;
  const sim = int(values.simultaneousUse);
  if (sim !== null) input['simultaneousUse'] = Number.isNaN(sim) ? String(values.simultaneousUse) : sim;
  return input;
}
