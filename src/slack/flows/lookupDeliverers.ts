import type { AppServices } from '../appServices.js';
import type { LookupDeliverer } from '../delivery/lookupDeliveries.js';
import { FINANCE_FLOW, financeDeliverer } from './financeFlow.js';
import { PAGE_TURN_FLOW, pageTurnDeliverer } from './pageTurnFlow.js';
import { RISK_FLOW, riskDeliverer } from './riskFlow.js';

/** Every flow whose answers go through the durable delivery, by the name its lookups are stored under. */
export function lookupDeliverers(services: AppServices): Record<string, LookupDeliverer> {
  return {
    [RISK_FLOW]: riskDeliverer(services) as LookupDeliverer,
    [PAGE_TURN_FLOW]: pageTurnDeliverer(services) as LookupDeliverer,
    [FINANCE_FLOW]: financeDeliverer(services) as LookupDeliverer,
  };
}
