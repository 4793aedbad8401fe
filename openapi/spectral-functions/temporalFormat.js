// /core/date-time/format and /core/date-time/date-omit-time-portion, by property name.
//
// Input: a string schema of a property: the property itself, or the string branch of its anyOf/oneOf
// (OpenAPI 3.1 nullable fields). The property name is read from the path. Options:
//   names:  regular expression (source text) for the property names this rule is about;
//   expect: "any"        -> the schema must carry a `format` (which one is the other rules' business);
//           "date"       -> a `format`, when present, must be `date`;
//           "date-time"  -> a `format`, when present, must be `date-time`.

function propertyName(path) {
  for (let i = path.length - 2; i >= 0; i -= 1) {
    if (path[i] === 'properties') return String(path[i + 1]);
  }
  return undefined;
}

export default function temporalFormat(schema, options, context) {
  const name = propertyName(context.path);
  if (name === undefined || !new RegExp(options.names).test(name)) return [];
  const format = schema?.format;
  if (options.expect === 'any') {
    if (format !== undefined) return [];
    return [{ message: `\`${name}\` is a date or date-time but carries no \`format\`.`, path: context.path }];
  }
  if (format === undefined || format === options.expect) return [];
  return [
    {
      message: `\`${name}\` has format \`${format}\`; by its name it is \`format: ${options.expect}\`.`,
      path: [...context.path, 'format'],
    },
  ];
}
