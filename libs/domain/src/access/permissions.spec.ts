import { AGENCIES } from '../lifecycle/confirmations.js';
import {
  ASSIGNABLE_ROLES,
  CONFIRMING_ROLE,
  isOfficer,
  isPermitted,
  isRole,
  OFFICER_ROLES,
  type Permission,
  PERMISSIONS,
  ROLES,
} from './permissions.js';

const permissions = Object.keys(PERMISSIONS) as Permission[];
const granted = (role: (typeof ROLES)[number]) => permissions.filter((p) => isPermitted(role, p));

describe('roles', () => {
  it('lists the closed set of roles', () => {
    expect(ROLES).toEqual(['FIRM', 'CUSTOMS', 'BORDER_GUARD', 'YARD_OPERATOR', 'ADMIN', 'LEADERSHIP']);
    expect(OFFICER_ROLES).toEqual(['CUSTOMS', 'BORDER_GUARD', 'YARD_OPERATOR']);
    expect(ASSIGNABLE_ROLES).toEqual(['CUSTOMS', 'BORDER_GUARD', 'YARD_OPERATOR', 'ADMIN', 'LEADERSHIP']);
  });
  it.each([...ROLES])('recognises %s', (r) => expect(isRole(r)).toBe(true));
  it('scopes officers, and only officers, to their gates', () => {
    expect(ROLES.filter(isOfficer)).toEqual(OFFICER_ROLES);
  });
  it.each(['admin', 'QUARANTINE', '', null, 1])('refuses %j', (r) => expect(isRole(r)).toBe(false));
});

describe('the permission table', () => {
  it('names only known roles, each at most once', () => {
    for (const p of permissions) {
      expect(PERMISSIONS[p].every(isRole)).toBe(true);
      expect(new Set(PERMISSIONS[p]).size).toBe(PERMISSIONS[p].length);
    }
  });

  it('lets a firm only file, amend, submit and withdraw its declarations, connect its own systems and choose how it is notified', () => {
    expect(granted('FIRM')).toEqual([
      'declaration.create',
      'declaration.amend',
      'declaration.submit',
      'declaration.cancel',
      'live.firm',
      'webhook.manage',
      'fleet.view',
      'fleet.book',
      'notification.settings',
    ]);
  });

  it('lets leadership only read the statistics', () => {
    expect(granted('LEADERSHIP')).toEqual(['stats.view']);
  });

  it("gives an administrator everything but a firm's own filing, systems and an agency's confirmation", () => {
    expect(permissions.filter((p) => !isPermitted('ADMIN', p))).toEqual([
      'declaration.create',
      'declaration.amend',
      'declaration.submit',
      'queue.confirm',
      'live.firm',
      'webhook.manage',
      'fleet.view',
      'fleet.book',
      'notification.settings',
    ]);
  });

  it('keeps the yard operator to checking in, cancelling, reading the queue and collecting fees', () => {
    expect(granted('YARD_OPERATOR')).toEqual([
      'queue.view',
      'queue.check-in',
      'queue.cancel',
      'live.yard',
      'fee.collect',
      'fee.report',
    ]);
  });

  it('lets the border guard cross vehicles and customs call them, not the other way round', () => {
    expect(isPermitted('BORDER_GUARD', 'queue.cross')).toBe(true);
    expect(isPermitted('CUSTOMS', 'queue.cross')).toBe(false);
    expect(isPermitted('CUSTOMS', 'queue.call')).toBe(true);
    expect(isPermitted('BORDER_GUARD', 'queue.call')).toBe(false);
  });

  it("has every agency's confirmation recorded by a role that may confirm", () => {
    for (const a of AGENCIES) expect(isPermitted(CONFIRMING_ROLE[a], 'queue.confirm')).toBe(true);
    expect(CONFIRMING_ROLE.QUARANTINE).toBe('CUSTOMS');
  });
});
