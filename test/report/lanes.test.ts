import { describe, expect, it } from 'vitest';
import { laneColor, laneColors, laneGroups, orderLanes } from '../../checker/report/diagram/lanes.js';

describe('lanes', () => {
  it('keeps a family of numbered lanes together in numeric order, where its first member acted', () => {
    expect(orderLanes(['domain 1', 'major GC', 'domain 0', 'domain 10', 'domain 2', 'major GC'])).toEqual([
      'domain 0',
      'domain 1',
      'domain 2',
      'domain 10',
      'major GC',
    ]);
    expect(orderLanes(['page allocator', 'thread 0', 'CPU 0', 'thread 1'])).toEqual(['page allocator', 'thread 0', 'thread 1', 'CPU 0']);
  });

  it('names a family once over its numbers, and a lane on its own by its full name', () => {
    expect(laneGroups(['thread 0', 'thread 1', 'major GC', 'CPU 0'])).toEqual([
      { family: 'thread', lanes: [{ index: 0, label: '0' }, { index: 1, label: '1' }] },
      { lanes: [{ index: 2, label: 'major GC' }] },
      { lanes: [{ index: 3, label: 'CPU 0' }] },
    ]);
  });

  it('gives neighbouring lanes different colours, none of them the red of a violation', () => {
    expect(new Set(laneColors).size).toBe(laneColors.length);
    expect(laneColors).not.toContain('#cf222e');
    expect(laneColor(laneColors.length)).toBe(laneColor(0));
  });
});
