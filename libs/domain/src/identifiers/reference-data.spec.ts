import {
  DIRECTIONS,
  FEE_CLASSES,
  GOODS_CATEGORIES,
  NATIONALITIES,
  isDirection,
  isGateCodeShape,
  isGoodsCategory,
  isNationality,
  priorityClassOf,
  requiresQuarantine,
  type GoodsCategory,
} from './reference-data.js';

describe('isGateCodeShape', () => {
  it.each(['HUU_NGHI', 'TAN_THANH', 'CHI_MA', 'G1', 'A_', 'X'.repeat(32)])('accepts %j', (code) => {
    expect(isGateCodeShape(code)).toBe(true);
  });
  it.each(['', 'H', 'huu_nghi', '1GATE', '_GATE', 'HUU-NGHI', 'HUU NGHI', 'HỮU_NGHỊ', 'X'.repeat(33), null, 7])(
    'rejects %j',
    (code) => {
      expect(isGateCodeShape(code)).toBe(false);
    },
  );
});

describe('vocabularies', () => {
  it('lists the closed values', () => {
    expect(DIRECTIONS).toEqual(['EXPORT', 'IMPORT']);
    expect(GOODS_CATEGORIES).toEqual(['PERISHABLE', 'FROZEN', 'GENERAL', 'DANGEROUS']);
    expect(NATIONALITIES).toEqual(['VN', 'CN']);
    expect(FEE_CLASSES).toEqual([
      'UNDER_2T',
      'FROM_2T_TO_10T',
      'FROM_10T_TO_20T',
      'OVER_20T',
      'CONTAINER_20FT',
      'CONTAINER_40FT',
    ]);
  });
  it('guards', () => {
    expect(isDirection('EXPORT')).toBe(true);
    expect(isDirection('export')).toBe(false);
    expect(isGoodsCategory('FROZEN')).toBe(true);
    expect(isGoodsCategory('FRESH')).toBe(false);
    expect(isNationality('CN')).toBe(true);
    expect(isNationality('LA')).toBe(false);
  });
});

describe('priority and quarantine', () => {
  it.each<[GoodsCategory[], 'PRIORITY' | 'GENERAL', boolean]>([
    [[], 'GENERAL', false],
    [['GENERAL'], 'GENERAL', false],
    [['DANGEROUS'], 'GENERAL', false],
    [['GENERAL', 'DANGEROUS'], 'GENERAL', false],
    [['PERISHABLE'], 'PRIORITY', true],
    [['FROZEN'], 'PRIORITY', true],
    [['GENERAL', 'FROZEN'], 'PRIORITY', true],
    [['DANGEROUS', 'PERISHABLE', 'GENERAL'], 'PRIORITY', true],
  ])('%j → %s, quarantine %s', (categories, priority, quarantine) => {
    expect(priorityClassOf(categories)).toBe(priority);
    expect(requiresQuarantine(categories)).toBe(quarantine);
  });
});
