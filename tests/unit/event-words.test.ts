// Every event type of the history has its words in both of the UI's languages.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { eventTypes } from '#shared/domain/events.ts';

let i18n: typeof import('../../web/src/i18n.ts');

beforeAll(async () => {
  // web/src/i18n.ts is browser code: it reads the saved language and sets <html lang> when loaded.
  vi.stubGlobal('localStorage', { getItem: () => 'en', setItem: () => undefined });
  vi.stubGlobal('navigator', { languages: ['en'] });
  vi.stubGlobal('document', { documentElement: { lang: '' } });
  i18n = await import('../../web/src/i18n.ts');
});

describe('the history in words', () => {
  it('knows every event type of shared/domain/events.ts', () => {
    expect(eventTypes.length).toBeGreaterThan(0);
    for (const type of eventTypes) expect(i18n.hasMessage(`event.${type}`), type).toBe(true);
  });

  it.each(['en', 'zh'] as const)('says each one in %s, and differently for each type', (lang) => {
    // Prepare
    i18n.setLang(lang);
    // Act
    const words = eventTypes.map((type) => i18n.t(`event.${type}`));
    // Assess
    for (const [index, text] of words.entries()) expect(text.trim(), eventTypes[index]).not.toBe('');
    expect(new Set(words).size).toBe(words.length);
  });
});
