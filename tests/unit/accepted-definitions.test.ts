// The local endpoint validates a definition with the interpreter's validator once: an accepted one is not
// validated again (its schema compile was most of a runtime's start-up), a refused one always is.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { validateOnce } from '#infra/local/stepfunctions/accepted-definitions.ts';

/** A definition no other run has seen, so the remembered answers of earlier runs play no part. */
const freshDefinition = () => ({ Comment: randomUUID(), StartAt: 'Done', States: { Done: { Type: 'Succeed' } } });

describe('definitions the validator accepted', () => {
  it('an accepted definition is validated once, then remembered', () => {
    // Prepare
    const definition = freshDefinition();
    let validations = 0;
    // Act
    validateOnce(definition, () => validations++);
    validateOnce(structuredClone(definition), () => validations++);
    // Assess
    expect(validations).toBe(1);
  });

  it('a refused definition is validated, and refused, every time', () => {
    // Prepare
    const definition = freshDefinition();
    const refuse = () => {
      throw new Error('State machine definition is invalid');
    };
    // Act and assess
    expect(() => validateOnce(definition, refuse)).toThrow(/invalid/);
    expect(() => validateOnce(definition, refuse)).toThrow(/invalid/);
  });

  it('another definition is validated again', () => {
    // Prepare
    let validations = 0;
    // Act
    validateOnce(freshDefinition(), () => validations++);
    validateOnce(freshDefinition(), () => validations++);
    // Assess
    expect(validations).toBe(2);
  });
});
