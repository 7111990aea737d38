/** What part of the drawing the card shows: a translation (px) and a zoom factor. */
export type View = { x: number; y: number; k: number };
export type Size = { width: number; height: number };

export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 3;

const clampZoom = (k: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k));

/** A view at zoom `k` with the drawing's point (px, py) at the middle of the viewport. */
export function centredOn(size: Size, px: number, py: number, k = 1): View {
  return { k, x: size.width / 2 - px * k, y: size.height / 2 - py * k };
}

/** Zooms by `factor`, keeping the viewport point (cx, cy) where it is (the pointer, or the middle). */
export function zoomAt(view: View, factor: number, cx: number, cy: number): View {
  const k = clampZoom(view.k * factor);
  const px = (cx - view.x) / view.k;
  const py = (cy - view.y) / view.k;
  return { k, x: cx - px * k, y: cy - py * k };
}

/** The whole drawing in the viewport, centred, never enlarged beyond zoom 1. */
export function fitted(size: Size, drawing: Size): View {
  const k = clampZoom(
    Math.min(1, size.width / Math.max(drawing.width, 1), size.height / Math.max(drawing.height, 1)),
  );
  return centredOn(size, drawing.width / 2, drawing.height / 2, k);
}

/** Whether the box (centre and size in drawing units) lies wholly inside the viewport. */
export function isInView(
  view: View,
  size: Size,
  box: { x: number; y: number; width: number; height: number },
): boolean {
  const left = view.x + (box.x - box.width / 2) * view.k;
  const top = view.y + (box.y - box.height / 2) * view.k;
  return (
    left >= 0 &&
    top >= 0 &&
    left + box.width * view.k <= size.width &&
    top + box.height * view.k <= size.height
  );
}
