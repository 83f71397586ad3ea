// The lanes' state colours keep 3:1 against the lane they are drawn on (WCAG 1.4.11): the lanes
// keep their dark strips in both themes, so this holds for the light theme too.
import { describe, expect, it } from 'vitest';
import { INK, STATE_STYLES, METER_STYLES } from '../../../src/renderer/lib/palette';

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((at) => {
    const channel = parseInt(hex.slice(at, at + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

describe('lane colours', () => {
  it('are 3:1 or more against the lane, for every state and meter', () => {
    for (const [state, style] of Object.entries(STATE_STYLES))
      expect(contrast(style.colour, INK.lane), state).toBeGreaterThanOrEqual(3);
    for (const [meter, style] of Object.entries(METER_STYLES))
      expect(contrast(style.colour, INK.lane), meter).toBeGreaterThanOrEqual(3);
  });
});
