// @ts-check
/**
 * TypeDoc plugin: every top-level export must carry an `@example` (house style: "JSDoc with a
 * runnable @example on every export"). TypeDoc's own `validation.notDocumented` only checks that a
 * comment exists; this adds the example check. A missing example is logged as a warning, which
 * `treatWarningsAsErrors` in typedoc.json turns into a failed `npm run docs`.
 */
import { Application, ReflectionKind } from 'typedoc';

/** Kinds of top-level exports that need an example (references to them are checked at their target). */
const NEEDS_EXAMPLE =
  ReflectionKind.Function |
  ReflectionKind.Class |
  ReflectionKind.Variable |
  ReflectionKind.Interface |
  ReflectionKind.TypeAlias |
  ReflectionKind.Enum;

/** @param {import('typedoc').Comment | undefined} comment */
const hasExample = (comment) => Boolean(comment?.blockTags.some((tag) => tag.tag === '@example'));

/** @param {Application} app */
export function load(app) {
  app.on(Application.EVENT_VALIDATE_PROJECT, (project) => {
    const modules = project.getChildrenByKind(ReflectionKind.Module);
    for (const mod of modules.length > 0 ? modules : [project]) {
      for (const child of mod.children ?? []) {
        if (!child.kindOf(NEEDS_EXAMPLE)) continue;
        const comments = [child.comment, ...(child.signatures ?? []).map((s) => s.comment)];
        if (!comments.some(hasExample)) {
          app.logger.warn(
            `${child.getFriendlyFullName()} (${ReflectionKind.singularString(child.kind)}) has no @example`
          );
        }
      }
    }
  });
}
