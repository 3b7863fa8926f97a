// How much of the world the camera shows on a screen of a given size, decided without Phaser:
// the join options and the VIEW message tell the server the same size the camera shows.
import { MAX_VIEW_SIDE_U, VIEW_SPAN_U } from "../../../shared/constants.ts";
import type { ViewSize } from "../../../shared/protocol.ts";

const MIN_ZOOM = 0.45;
const MAX_ZOOM = 1.6;

/** The camera's zoom, and the world it then shows (world units). */
export interface CameraFit extends ViewSize {
  zoom: number;
}

/**
 * The camera for a `screenW` × `screenH` px screen: VIEW_SPAN_U across the shorter side
 * (within sensible zooms), zoomed in further where the longer side would show more than
 * MAX_VIEW_SIDE_U, since the server sends nothing beyond that.
 */
export function fitView(screenW: number, screenH: number): CameraFit {
  const spanZoom = Math.min(Math.max(Math.min(screenW, screenH) / VIEW_SPAN_U, MIN_ZOOM), MAX_ZOOM);
  const zoom = Math.max(spanZoom, Math.max(screenW, screenH) / MAX_VIEW_SIDE_U);
  // min(): the division may land a hair above the limit it was zoomed to.
  return { zoom, width: Math.min(screenW / zoom, MAX_VIEW_SIDE_U), height: Math.min(screenH / zoom, MAX_VIEW_SIDE_U) };
}
