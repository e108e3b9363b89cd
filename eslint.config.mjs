import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/*
 * Input never chooses a key of a plain object (issue 12, finding 1): an object typed Record<string, ...> is created as
 * a Map or with Object.create(null), never from a `{}` literal, and no computed key is defaulted with `??= {}`.
 */
const PLAIN_OBJECT_MESSAGE =
  "A Record<string, ...> keyed by data must not inherit Object.prototype: use a Map or Object.create(null)";
const plainObjectKeys = [
  {
    selector:
      "VariableDeclarator[id.typeAnnotation.typeAnnotation.typeName.name='Record'][id.typeAnnotation.typeAnnotation.typeArguments.params.0.type='TSStringKeyword'] > ObjectExpression.init",
    message: PLAIN_OBJECT_MESSAGE,
  },
  {
    selector: "VariableDeclarator[id.typeAnnotation.typeAnnotation.type='TSTypeLiteral'] > ObjectExpression.init",
    message: PLAIN_OBJECT_MESSAGE,
  },
  {
    selector: "AssignmentExpression[operator=/^(\\?\\?|\\|\\|)=$/][left.computed=true] > ObjectExpression.right",
    message: "A computed key defaulted to {} may be __proto__: use a Map or Object.create(null)",
  },
];

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", "node_modules/**", ".hardlab/**", "test-results/**", "next-env.d.ts", "bench/out/**"] },
  { files: ["**/*.cjs"], rules: { "@typescript-eslint/no-require-imports": "off" } },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: ["app/**", "components/**", "lib/**", "scripts/**"],
    rules: { "no-restricted-syntax": ["error", ...plainObjectKeys] },
  },
];

export default config;
