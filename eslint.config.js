// Lint: TypeScript's recommended rules, plus the test rules that keep a suite honest.
import tseslint from 'typescript-eslint';

const focusedOrSkipped = ['only', 'skip', 'todo', 'skipIf', 'runIf'].flatMap((property) =>
  ['it', 'test', 'describe'].map((object) => ({ object, property, message: 'A skipped or focused test is not a passing one.' })),
);

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', 'web/dist/**', '.data/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['tests/**/*.ts'],
    rules: {
      'no-restricted-properties': ['error', ...focusedOrSkipped],
      'no-restricted-globals': ['error', { name: 'xit', message: 'No skipped tests.' }, { name: 'xdescribe', message: 'No skipped tests.' }],
    },
  },
);
