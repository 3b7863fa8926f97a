// What each menu choice asks the matchmaker for, decided before any network call.
import { normalizeRoomCode, type GameMode, type Result, type ViewSize } from "../../../shared/protocol.ts";

/** A choice made on the menu. */
export type MenuChoice =
  | { kind: "quickPlay"; name: string; mode: GameMode }
  | { kind: "createPrivate"; name: string; mode: GameMode }
  | { kind: "joinByCode"; name: string; typedCode: string }
  | { kind: "joinListed"; name: string; roomId: string };

/**
 * One matchmaking call of the SDK client. `view`: the world the screen shows (joinRequestFor
 * always states it; without it the server assumes DEFAULT_VIEW until a VIEW message).
 */
export type JoinRequest =
  | { method: "joinOrCreate"; options: { name: string; mode: GameMode; view?: ViewSize } }
  | { method: "create"; options: { name: string; mode: GameMode; private: true; view?: ViewSize } }
  | { method: "joinById"; roomId: string; options: { name: string; view?: ViewSize }; privateRoom: boolean };

export type JoinRequestError = "bad_code";

/** The request for `choice`, from a screen that shows `view` of the world (see view/camera.ts). */
export function joinRequestFor(choice: MenuChoice, view: ViewSize): Result<JoinRequest, JoinRequestError> {
  switch (choice.kind) {
    case "quickPlay":
      return { ok: true, value: { method: "joinOrCreate", options: { name: choice.name, mode: choice.mode, view } } };
    case "createPrivate":
      return { ok: true, value: { method: "create", options: { name: choice.name, mode: choice.mode, private: true, view } } };
    case "joinByCode": {
      const code = normalizeRoomCode(choice.typedCode);
      if (!code) return { ok: false, error: "bad_code" };
      return { ok: true, value: { method: "joinById", roomId: code, options: { name: choice.name, view }, privateRoom: true } };
    }
    case "joinListed":
      return { ok: true, value: { method: "joinById", roomId: choice.roomId, options: { name: choice.name, view }, privateRoom: false } };
  }
}

/** Private rooms show their code in the game so it can be shared. */
export function isPrivateRequest(request: JoinRequest): boolean {
  return request.method === "create" || (request.method === "joinById" && request.privateRoom);
}
