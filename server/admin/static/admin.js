// The admin page: renders GET api/rooms and sends the Kick / Close room actions. Every
// value from the server (player names are typed by players) goes into the page as text
// (textContent), never as HTML. Actions carry X-Admin-Request: 1, which the server requires.
"use strict";

const REFRESH_MS = 2000;
const $ = (id) => document.getElementById(id);
let timer = null;
let busy = false;

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "className") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function setStatus(text, kind = "") {
  const status = $("status");
  status.textContent = text;
  status.className = kind;
}

function age(iso) {
  if (!iso) return "";
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

function duration(seconds) {
  return age(new Date(Date.now() - seconds * 1000).toISOString());
}

async function load() {
  const response = await fetch("api/rooms", { headers: { accept: "application/json" }, cache: "no-store" });
  if (response.status === 401) throw new Error("Not signed in any more: reload the page.");
  if (!response.ok) throw new Error(`The server answered ${response.status}.`);
  return response.json();
}

async function refresh() {
  if (busy) return;
  try {
    render(await load());
    if ($("status").className === "error") setStatus("");
  } catch (error) {
    setStatus(error instanceof Error ? error.message : String(error), "error");
  }
}

async function act(url, confirmText, describe) {
  if (!window.confirm(confirmText)) return;
  busy = true;
  try {
    const response = await fetch(url, { method: "POST", headers: { "x-admin-request": "1", accept: "application/json" } });
    const body = await response.json().catch(() => ({}));
    if (response.ok) setStatus(describe(body), "ok");
    else setStatus(`Failed (${response.status}): ${body.error ?? "unknown error"}`, "error");
  } catch (error) {
    setStatus(`Failed: ${error instanceof Error ? error.message : String(error)}`, "error");
  } finally {
    busy = false;
    await refresh();
  }
}

function kick(room, player) {
  const who = player.name ? `"${player.name}" (${player.sessionId})` : player.sessionId;
  const verb = player.connected ? "Kick" : "Release the held seat of";
  act(`api/rooms/${encodeURIComponent(room.roomId)}/clients/${encodeURIComponent(player.sessionId)}/kick`,
    `${verb} ${who} in room ${room.roomId}?`,
    (body) => (body.outcome === "seat_released" ? `Released the seat of ${who}.` : `Kicked ${who} from room ${room.roomId}.`));
}

function closeRoom(room) {
  act(`api/rooms/${encodeURIComponent(room.roomId)}/close`,
    `Close room ${room.roomId} and disconnect its ${room.clients} client(s)?`,
    (body) => `Closed room ${room.roomId} (${body.clients} client(s) disconnected).`);
}

function roomCard(room) {
  const badges = [
    room.mode && el("span", { className: "badge", text: room.mode }),
    room.phase && el("span", { className: "badge", text: room.phase }),
    room.matchNumber !== undefined && el("span", { className: "badge", text: `match ${room.matchNumber}` }),
    el("span", { className: "badge", text: `${room.clients} / ${room.maxClients} connected` }),
    room.locked && el("span", { className: "badge warn", text: "locked" }),
    room.private && el("span", { className: "badge warn", text: "private" }),
    room.createdAt && el("span", { className: "muted", text: `open ${age(room.createdAt)}` }),
  ].filter(Boolean);
  const head = el("div", { className: "room-head" },
    el("h2", {}, el("span", { text: `${room.name} ` }), el("code", { text: room.roomId })),
    ...badges,
    el("span", { className: "spacer" }),
    el("button", { type: "button", className: "danger", "data-action": "close", onclick: () => closeRoom(room), text: "Close room" }));

  const arena = room.mode !== undefined;
  const header = arena
    ? ["Name", "Session", "Team", "Score", "K / D", "HP", "Status", ""]
    : ["Session", "Status", ""];
  const rows = room.players.map((p) => {
    const status = p.connected ? el("span", { text: "connected" }) : el("span", { className: "held", text: "dropped: seat held" });
    const button = el("button", {
      type: "button", className: "danger", "data-action": "kick", "data-session": p.sessionId,
      onclick: () => kick(room, p), text: p.connected ? "Kick" : "Release seat",
    });
    const cells = arena
      ? [
        el("td", { text: p.name ?? "" }), el("td", { className: "id", text: p.sessionId }),
        el("td", { className: "num", text: p.team ? String(p.team) : "–" }), el("td", { className: "num", text: String(p.score) }),
        el("td", { className: "num", text: `${p.kills} / ${p.deaths}` }), el("td", { className: "num", text: p.alive ? String(p.hp) : "dead" }),
        el("td", {}, status), el("td", {}, button),
      ]
      : [el("td", { className: "id", text: p.sessionId }), el("td", {}, status), el("td", {}, button)];
    return el("tr", { "data-session": p.sessionId }, ...cells);
  });
  const table = rows.length
    ? el("table", { className: arena ? "players" : "" },
      el("thead", {}, el("tr", {}, ...header.map((h, i) => el("th", { className: arena && i >= 2 && i <= 5 ? "num" : "", text: h })))),
      el("tbody", {}, ...rows))
    : el("p", { className: "empty", text: "No clients." });
  return el("section", { className: "room", "data-room": room.roomId }, head, table);
}

function render(snapshot) {
  $("process").textContent =
    `process ${snapshot.processId} · pid ${snapshot.pid} · up ${duration(snapshot.uptimeSeconds)} · updated ${new Date(snapshot.at).toLocaleTimeString()}`;
  const rooms = $("rooms");
  rooms.replaceChildren(...(snapshot.rooms.length ? snapshot.rooms.map(roomCard) : [el("p", { className: "empty", text: "No rooms on this process." })]));
  const others = snapshot.otherProcesses;
  $("elsewhere").hidden = others.length === 0;
  $("elsewhere-rows").replaceChildren(...others.map((r) => el("tr", {},
    el("td", { className: "id", text: r.roomId }), el("td", { text: r.name }), el("td", { className: "id", text: r.processId }),
    el("td", { text: r.publicAddress ?? "" }), el("td", { text: `${r.clients} / ${r.maxClients}` }),
    el("td", { text: r.locked ? "yes" : "" }), el("td", { text: r.private ? "yes" : "" }))));
}

function schedule() {
  clearInterval(timer);
  timer = $("auto").checked ? setInterval(refresh, REFRESH_MS) : null;
}

$("refresh").addEventListener("click", refresh);
$("auto").addEventListener("change", schedule);
schedule();
refresh();
