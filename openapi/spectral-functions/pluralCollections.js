// /core/naming-collections: a collection resource is named with a plural noun.
//
// Input: the `paths` object. A path segment is taken to name a collection when
//   - it is followed by a path parameter (`/gebouwen/{id}`: the items live in it), or
//   - it is the last segment of a path whose POST answers 201 Created (a new member is made in it).
// Plural means: ends in -en or -s (Dutch -en/-s plurals, English -s plurals). This is a heuristic that
// knows no irregular plurals (`data`, `criteria`); rename or exempt such a path when it comes up.
// Segments starting with `_` are operations (/core/resource-operations), not collections.

const PLURAL = /(en|s)$/;

function collectionSegments(path, pathItem) {
  const segments = path.split('/').filter(Boolean);
  const found = [];
  segments.forEach((segment, i) => {
    const next = segments[i + 1];
    if (next !== undefined && next.startsWith('{')) found.push(segment);
  });
  const last = segments[segments.length - 1];
  const createsMembers = pathItem?.post?.responses && '201' in pathItem.post.responses;
  if (createsMembers && last !== undefined && !found.includes(last)) found.push(last);
  return found.filter((segment) => !segment.startsWith('{') && !segment.startsWith('_'));
}

export default function pluralCollections(paths) {
  if (paths === null || typeof paths !== 'object') return [];
  const results = [];
  for (const [path, pathItem] of Object.entries(paths)) {
    for (const segment of collectionSegments(path, pathItem)) {
      if (!PLURAL.test(segment)) {
        results.push({
          message: `Collection \`${segment}\` in \`${path}\` is not a plural noun (ends in -en or -s).`,
          path: ['paths', path],
        });
      }
    }
  }
  return results;
}
