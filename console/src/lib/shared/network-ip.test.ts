import { describe, expect, it } from 'vitest';
import {
  assignInput,
  assignmentQuery,
  EMPTY_ASSIGNMENT,
  EMPTY_IP_NETWORK,
  formatCapacity,
  formFromIpNetwork,
  ipNetworkInput,
  ipNetworkQuery,
  ipNetworkVariables,
  looksLikeAddress,
  parseAssignmentParams,
  parseIpNetworkParams,
  utilisation,
} from './network-ip';

describe('IP network utilisation', () => {
  it('shows used of capacity with a percentage and a level', () => {
    expect(utilisation(12, '254')).toEqual({ percent: 4.72, label: '12 of 254 used (4.7 %)', level: 'ok' });
    expect(utilisation(200, '254').level).toBe('warn');
    expect(utilisation(254, '254')).toMatchObject({ percent: 100, level: 'full' });
  });

  it('copes with IPv6 capacities beyond 2^53', () => {
    expect(utilisation(3, '18446744073709551616')).toEqual({ percent: 0, label: '3 of 2^64 used (< 0.1 %)', level: 'ok' });
    expect(formatCapacity('65536')).toBe('65,536');
  });

  it('has nothing to divide by for a network without assignable addresses', () => {
    expect(utilisation(0, '0').percent).toBe(0);
  });
});

describe('IP network form → input', () => {
  const pd = { cidr: '2001:db8:100::/40', usage: 'PREFIX_DELEGATION', title: 'PD', poolName: 'pd-tiel', delegatedPrefixLength: 56, gateway: null, comment: null, router: { number: 11 }, partner: null };

  it('round-trips a network and clears what its usage does not use', () => {
    const values = formFromIpNetwork(pd, true);
    expect(ipNetworkInput(values, true).input).toEqual({
      cidr: '2001:db8:100::/40', usage: 'PREFIX_DELEGATION', title: 'PD', poolName: 'pd-tiel', delegatedPrefixLength: 56, gateway: null, routerId: 11, partnerId: null, comment: null,
    });
    expect(ipNetworkInput({ ...values, usage: 'STATIC' }, true).input).toMatchObject({ poolName: null, delegatedPrefixLength: null });
  });

  it('leaves empty optional fields out when creating', () => {
    expect(ipNetworkInput({ ...EMPTY_IP_NETWORK, cidr: '10.0.0.0/24', title: 'Static' }, false).input).toEqual({ cidr: '10.0.0.0/24', usage: 'STATIC', title: 'Static' });
  });

  it('asks for the first free address when none is typed', () => {
    expect(assignInput(7, EMPTY_ASSIGNMENT)).toEqual({ networkId: 7, kind: 'RESERVED' });
  });
});

describe('IP network URLs', () => {
  it('keeps the family, usage and router filters, ignoring unknown values', () => {
    const params = parseIpNetworkParams(new URLSearchParams('family=IPV6&usage=POOL&router=3'));
    expect(ipNetworkQuery(params)).toBe('?family=IPV6&usage=POOL&router=3');
    expect(ipNetworkVariables(params)).toEqual({ family: 'IPV6', usage: 'POOL', routerId: 3 });
    expect(ipNetworkVariables(parseIpNetworkParams(new URLSearchParams('family=IPV5&usage=FREE')))).toEqual({});
  });

  it('tells an address or block from other text before asking the API', () => {
    expect(['10.1.2.3', '10.1.0.0/16', '2001:db8::/48', '::1'].map(looksLikeAddress)).toEqual([true, true, true, true]);
    expect(['anna', '10.1', 'fe80::zz', ''].map(looksLikeAddress)).toEqual([false, false, false, false]);
  });

  it('keeps the address searched for inside a network', () => {
    expect(assignmentQuery(parseAssignmentParams(new URLSearchParams('within=%2010.0.0.5%20')))).toBe('?within=10.0.0.5');
  });
});
