/** The renderer's bridge to the backend: `getStudio()` (Electron preload or WebSocket), and the WebSocket client. */
export { getStudio, isDesktop } from './get-studio.js';
export { createWsStudio, socketUrlFor, type ConnectionState, type WebSocketLike, type WsStudio, type WsStudioOptions } from './ws-studio.js';
