import { z } from "zod";

type Issue = Parameters<z.core.$ZodErrorMap>[0];

const amount = (n: number | bigint) => (typeof n === "bigint" ? n.toString() : String(n));

/**
 * Human wording for zod issues that a schema does not word itself: people read these next to form fields ("Enter a
 * number of at least 1"), not "Too small: expected number to be >=1". Schema-level messages still win.
 */
export function humanMessage(iss: Issue): string | undefined {
  switch (iss.code) {
    case "invalid_type":
      if (iss.expected === "int") return "Enter a whole number";
      if (iss.expected === "number") return "Enter a number";
      if (iss.expected === "string") return "Enter some text";
      if (iss.expected === "boolean") return "Choose yes or no";
      return iss.input === undefined ? "This field is required" : "This value has the wrong type";
    case "too_small": {
      const min = amount(iss.minimum);
      if (iss.origin === "string")
        return iss.minimum === 1 ? "This field is required" : `Use at least ${min} characters`;
      if (iss.origin === "array" || iss.origin === "set") return `Choose at least ${min}`;
      return iss.inclusive ? `Enter a number of at least ${min}` : `Enter a number above ${min}`;
    }
    case "too_big": {
      const max = amount(iss.maximum);
      if (iss.origin === "string") return `Use at most ${max} characters`;
      if (iss.origin === "array" || iss.origin === "set") return `Choose at most ${max}`;
      return iss.inclusive ? `Enter a number of at most ${max}` : `Enter a number below ${max}`;
    }
    case "invalid_format":
      if (iss.format === "email") return "Enter a valid email address";
      if (iss.format === "url") return "Enter a full address starting with http:// or https://";
      return "This value is not in the expected format";
    case "not_multiple_of":
      return `Enter a multiple of ${amount(iss.divisor)}`;
    case "invalid_value":
      return "Choose one of the options";
    case "unrecognized_keys":
      return `Unknown field${iss.keys.length === 1 ? "" : "s"}: ${iss.keys.join(", ")}`;
    default:
      return undefined;
  }
}

z.config({ customError: humanMessage });
