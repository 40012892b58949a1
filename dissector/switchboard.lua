-- Switchboard chat protocol: Wireshark Lua dissector.
--
-- The protocol (docs/PROTOCOL.md, design wire.md): UTF-8 text, one message per line ended by "\n"
-- ("\r\n" accepted), fields separated by "|". A line is a command when the text before its first
-- "|" is a reserved upper-case word; otherwise a client line is a private message "target|content",
-- and the client's first line that is not a command is the handshake (its username).
--
-- Install: copy this file into the personal Lua plugins folder (Wireshark: Help > About > Folders,
-- usually ~/.local/lib/wireshark/plugins/), or run `tshark -X lua_script:switchboard.lua`.
-- Written for and tested with Wireshark 4.0 (Lua 5.2).
--
-- Rules this file keeps:
--  * one tree item per protocol line; a line over several TCP segments is reassembled first;
--  * nothing a peer sends raises a Lua error: every line is dissected under pcall, and bad input
--    (missing fields, invalid UTF-8, NUL bytes, unknown words) becomes expert info.

local sb = Proto("switchboard", "Switchboard chat protocol")

local DEFAULT_PORT = 5555
-- The server's default --max-line-bytes; longer lines are answered with ERROR|Line too long.
local DEFAULT_MAX_LINE_BYTES = 64 * 1024
-- Username rules from the wire protocol: 1 to 32 characters.
local MAX_USERNAME_CHARS = 32
-- Characters of a field shown in the Info column and item labels before "…".
local SUMMARY_CHARS = 48

local RESERVED = {}
for w in ("MSG ALL CAP PING PONG QUIT USERS JOIN LEAVE WELCOME ERROR AUTH HISTORY TYPING ACK"):gmatch("%S+") do
    RESERVED[w] = true
end

-- What each command carries after its word, per direction. A list names the fields in order; the
-- last one takes the rest of the line (it may contain "|"). optional = the fields may be absent.
local SPEC = {
    c2s = {
        MSG = { "target", "content" },
        ALL = { "content" },
        PING = { "token" },
        PONG = { "token" },
        QUIT = { "reason", optional = true },
        CAP = "cap",
    },
    s2c = {
        WELCOME = { "text" },
        ERROR = { "reason" },
        USERS = "users",
        MSG = { "sender", "content" },
        ALL = { "sender", "content" },
        PING = { "token" },
        PONG = { "token" },
        JOIN = { "user" },
        LEAVE = { "user" },
        CAP = "cap",
    },
}

local CAP_SUBS = {
    c2s = { LS = "none", REQ = "required" },
    s2c = { LS = "optional", ACK = "required", NAK = "required" },
}

---------------------------------------------------------------------------------------------------
-- Fields and expert info

local f = {
    direction = ProtoField.string("switchboard.direction", "Direction"),
    cmd = ProtoField.string("switchboard.cmd", "Command"),
    line = ProtoField.string("switchboard.line", "Line"),
    username = ProtoField.string("switchboard.username", "Username"),
    sender = ProtoField.string("switchboard.sender", "Sender"),
    target = ProtoField.string("switchboard.target", "Target"),
    content = ProtoField.string("switchboard.content", "Content"),
    text = ProtoField.string("switchboard.text", "Text"),
    reason = ProtoField.string("switchboard.reason", "Reason"),
    token = ProtoField.string("switchboard.token", "Token"),
    cap_sub = ProtoField.string("switchboard.cap.sub", "CAP subcommand"),
    caps = ProtoField.string("switchboard.caps", "Capabilities"),
    cap = ProtoField.string("switchboard.cap", "Capability"),
    users = ProtoField.string("switchboard.users", "Users"),
    users_count = ProtoField.uint32("switchboard.users.count", "User count"),
    user = ProtoField.string("switchboard.user", "User"),
    args = ProtoField.string("switchboard.args", "Arguments"),
    len = ProtoField.uint32("switchboard.len", "Line length (bytes, without line end)"),
}
sb.fields = f

local ef = {
    malformed = ProtoExpert.new("switchboard.expert.malformed", "Malformed line",
        expert.group.MALFORMED, expert.severity.ERROR),
    bad_utf8 = ProtoExpert.new("switchboard.expert.bad_utf8", "Invalid UTF-8",
        expert.group.MALFORMED, expert.severity.WARN),
    nul = ProtoExpert.new("switchboard.expert.nul", "NUL byte in line",
        expert.group.MALFORMED, expert.severity.WARN),
    unknown = ProtoExpert.new("switchboard.expert.unknown", "Unrecognised line",
        expert.group.PROTOCOL, expert.severity.WARN),
    invalid = ProtoExpert.new("switchboard.expert.invalid_message",
        "Neither a command nor target|content", expert.group.PROTOCOL, expert.severity.WARN),
    bad_username = ProtoExpert.new("switchboard.expert.bad_username", "Invalid username",
        expert.group.PROTOCOL, expert.severity.WARN),
    direction = ProtoExpert.new("switchboard.expert.direction",
        "Command not defined in this direction", expert.group.PROTOCOL, expert.severity.NOTE),
    too_long = ProtoExpert.new("switchboard.expert.too_long",
        "Line longer than the server's default limit", expert.group.PROTOCOL, expert.severity.WARN),
    empty = ProtoExpert.new("switchboard.expert.empty", "Empty line (ignored by the server)",
        expert.group.PROTOCOL, expert.severity.NOTE),
    error_reply = ProtoExpert.new("switchboard.expert.error_reply", "Server answered ERROR",
        expert.group.RESPONSE_CODE, expert.severity.NOTE),
    incomplete = ProtoExpert.new("switchboard.expert.incomplete",
        "Line without line end (not reassembled)", expert.group.MALFORMED, expert.severity.WARN),
    internal = ProtoExpert.new("switchboard.expert.internal", "Dissector bug",
        expert.group.MALFORMED, expert.severity.ERROR),
}
sb.experts = { ef.malformed, ef.bad_utf8, ef.nul, ef.unknown, ef.invalid, ef.bad_username,
    ef.direction, ef.too_long, ef.empty, ef.error_reply, ef.incomplete, ef.internal }

sb.prefs.port = Pref.uint("Server TCP port", DEFAULT_PORT,
    "TCP port of the Switchboard server; 0 leaves only the heuristic")
sb.prefs.heuristic_handshake = Pref.bool("Detect a bare handshake on other ports", true,
    "Heuristic on ports other than the server port: also take a connection whose first client "
        .. "segment is a lone username line (otherwise only lines starting with a command word)")

---------------------------------------------------------------------------------------------------
-- Byte-level helpers (Lua 5.2 has no utf8 library)

-- Length of the valid UTF-8 sequence starting at byte i of s, or nil when it is not one
-- (overlongs, surrogates and code points past U+10FFFF are invalid).
local function utf8_seq_len(s, i)
    local c = s:byte(i)
    local need, lo, hi = 0, 0x80, 0xBF
    if c < 0x80 then
        return 1
    elseif c >= 0xC2 and c <= 0xDF then
        need = 1
    elseif c == 0xE0 then
        need, lo = 2, 0xA0
    elseif c == 0xED then
        need, hi = 2, 0x9F
    elseif c >= 0xE1 and c <= 0xEF then
        need = 2
    elseif c == 0xF0 then
        need, lo = 3, 0x90
    elseif c >= 0xF1 and c <= 0xF3 then
        need = 3
    elseif c == 0xF4 then
        need, hi = 3, 0x8F
    else
        return nil
    end
    for k = 1, need do
        local b = s:byte(i + k)
        if b == nil then return nil end
        if k == 1 then
            if b < lo or b > hi then return nil end
        elseif b < 0x80 or b > 0xBF then
            return nil
        end
    end
    return need + 1
end

-- Returns nil when s is valid UTF-8, else the 1-based position of the first bad byte.
local function utf8_error(s)
    local i, n = 1, #s
    while i <= n do
        local step = utf8_seq_len(s, i)
        if not step then return i end
        i = i + step
    end
    return nil
end

-- s with every byte that does not start a valid sequence replaced by U+FFFD. (TvbRange:string
-- cannot be used for this: in Wireshark 4.0 it cuts the converted text to the byte length.)
local function utf8_clean(s)
    if not utf8_error(s) then return s end
    local out, i, n = {}, 1, #s
    while i <= n do
        local step = utf8_seq_len(s, i)
        if step then
            out[#out + 1] = s:sub(i, i + step - 1)
            i = i + step
        else
            out[#out + 1] = "\239\191\189"
            i = i + 1
        end
    end
    return table.concat(out)
end

-- Number of characters in valid UTF-8 text (bytes that are not continuation bytes).
local function utf8_chars(s)
    local _, count = s:gsub("[^\128-\191]", "")
    return count
end

-- Printable, shortened form for labels and the Info column; s is already valid UTF-8.
local function short(s)
    s = s:gsub("%c", function(c) return string.format("\\x%02x", c:byte()) end)
    if utf8_chars(s) <= SUMMARY_CHARS then return s end
    local out, count = {}, 0
    for ch in s:gmatch("[^\128-\191][\128-\191]*") do
        count = count + 1
        if count > SUMMARY_CHARS then break end
        out[#out + 1] = ch
    end
    return table.concat(out) .. "…"
end

-- Username rules of the wire protocol; returns nil when valid, else the reason.
local function username_problem(name)
    if name == "" then return "empty" end
    if utf8_error(name) then return "not UTF-8" end
    if utf8_chars(name) > MAX_USERNAME_CHARS then return "longer than 32 characters" end
    -- "|", ",", ASCII space/controls, DEL, C1 controls and NO-BREAK SPACE.
    if name:find("[|,%s%c]") or name:find("\194[\128-\160]") then
        return "contains '|', ',', whitespace or a control character"
    end
    if RESERVED[name:upper()] then return "a reserved command word" end
    return nil
end

---------------------------------------------------------------------------------------------------
-- Per-connection state, rebuilt on every full (re)dissection

-- Connection key -> { server_port = number, handshake = "frame:offset", seen = true }. Keyed by
-- the address/port pair (either direction), not by tcp.stream: fields of other protocols are not
-- always extracted on tshark's first pass. A 4-tuple reused by a later connection in the same
-- capture shares the state (its handshake then shows as INVALID), a rare case accepted here.
local streams = {}

function sb.init()
    streams = {}
end

local function stream_state(pinfo)
    local a = tostring(pinfo.src) .. "/" .. pinfo.src_port
    local b = tostring(pinfo.dst) .. "/" .. pinfo.dst_port
    local key = (a < b) and (a .. " " .. b) or (b .. " " .. a)
    local st = streams[key]
    if not st then
        st = {}
        streams[key] = st
    end
    return st
end

-- Which side sent this first line, judged from the line alone: "s2c", "c2s" or nil (either).
local function side_of_line(line)
    local word, rest = line:match("^(%u+)|(.*)$")
    if not word then
        if line ~= "" and not line:find("|", 1, true) and not RESERVED[line] then return "c2s" end
        return nil
    end
    if word == "WELCOME" or word == "USERS" or word == "ERROR" or word == "JOIN" or word == "LEAVE" then
        return "s2c"
    end
    if word == "CAP" then
        if rest == "LS" or rest:match("^REQ|") then return "c2s" end
        if rest:match("^LS|") or rest:match("^ACK|") or rest:match("^NAK|") then return "s2c" end
    end
    if word == "ALL" and not rest:find("|", 1, true) then return "c2s" end
    if word == "QUIT" then return "c2s" end
    return nil
end

-- Decides the server port of this connection once, from the preference or the first line.
local function server_port(pinfo, st, first_line)
    if st.server_port then return st.server_port end
    local port = sb.prefs.port
    local sp
    if port ~= 0 and pinfo.dst_port == port then
        sp = port
    elseif port ~= 0 and pinfo.src_port == port then
        sp = port
    else
        local side = first_line and side_of_line(first_line)
        if side == "s2c" then
            sp = pinfo.src_port
        elseif side == "c2s" then
            sp = pinfo.dst_port
        else
            -- Clients use ephemeral (high) ports; servers rarely do.
            sp = math.min(pinfo.src_port, pinfo.dst_port)
        end
    end
    st.server_port = sp
    return sp
end

---------------------------------------------------------------------------------------------------
-- One line

-- Splits the part of line after position bar into at most n fields, the last taking the rest.
-- Each field is {first, last} (1-based, inclusive; last = first - 1 for an empty field).
local function split_after(line, bar, n)
    local out = {}
    if not bar then return out end
    local pos = bar + 1
    for i = 1, n do
        local nb = (i < n) and line:find("|", pos, true) or nil
        if not nb then
            out[i] = { pos, #line }
            break
        end
        out[i] = { pos, nb - 1 }
        pos = nb + 1
    end
    return out
end

local Line = {}
Line.__index = Line

-- Adds a UTF-8 string field for the bytes [first, last] of the line under parent; returns the
-- tree item and its display text.
function Line:add_string(parent, field, first, last)
    local length = last - first + 1
    if length <= 0 then
        return parent:add(field, self.tvb(self.base + first - 1, 0), ""), ""
    end
    -- The value is set explicitly: cleaned UTF-8, with NUL shown as \x00 (a NUL would end it).
    local value = utf8_clean(self.text:sub(first, last)):gsub("\0", "\\x00")
    return parent:add(field, self.tvb(self.base + first - 1, length), value), value
end

function Line:expert(e, text)
    self.item:add_proto_expert_info(e, text)
end

function Line:add_users(first, last)
    local list_item, shown = self:add_string(self.item, f.users, first, last)
    local count, names = 0, {}
    if last >= first then
        local pos = first
        while pos <= last + 1 do
            local comma = self.text:find(",", pos, true)
            local stop = (comma and comma <= last) and comma - 1 or last
            local _, name = self:add_string(list_item, f.user, pos, stop)
            count = count + 1
            names[#names + 1] = name
            if name == "" then self:expert(ef.malformed, "Empty name in the user list") end
            pos = stop + 2
        end
    end
    list_item:add(f.users_count, count):set_generated()
    list_item:set_text(string.format("Users (%d): %s", count, short(shown)))
    return string.format("[%d] %s", count, short(table.concat(names, ",")))
end

function Line:add_caps(parent, first, last)
    local caps_item, shown = self:add_string(parent, f.caps, first, last)
    local pos = first
    while last >= first and pos <= last + 1 do
        local comma = self.text:find(",", pos, true)
        local stop = (comma and comma <= last) and comma - 1 or last
        self:add_string(caps_item, f.cap, pos, stop)
        pos = stop + 2
    end
    return shown
end

function Line:dissect_cap(bar)
    local parts = split_after(self.text, bar, 2)
    if not parts[1] then
        self:expert(ef.malformed, "CAP needs a subcommand (LS, REQ, ACK or NAK)")
        return "CAP"
    end
    local _, sub = self:add_string(self.item, f.cap_sub, parts[1][1], parts[1][2])
    local want = CAP_SUBS[self.dir][sub]
    if not want then
        local other = CAP_SUBS[self.dir == "c2s" and "s2c" or "c2s"][sub]
        self:expert(other and ef.direction or ef.malformed,
            string.format("CAP|%s is not sent %s", short(sub),
                self.dir == "c2s" and "by a client" or "by the server"))
    end
    local summary = "CAP " .. short(sub)
    if parts[2] then
        local caps = self:add_caps(self.item, parts[2][1], parts[2][2])
        if want == "none" then self:expert(ef.malformed, "CAP|LS from a client takes no list") end
        summary = summary .. " " .. short(caps)
    elseif want == "required" then
        self:expert(ef.malformed, "CAP|" .. sub .. " needs a capability list")
    end
    return summary
end

local FIELD_OF = { target = f.target, content = f.content, sender = f.sender, text = f.text,
    reason = f.reason, token = f.token, user = f.user }

-- Dissects a reserved command word; returns the summary.
function Line:dissect_command(word, bar)
    local spec = SPEC[self.dir][word]
    if spec == "users" then
        if not bar then
            self:expert(ef.malformed, "USERS needs a list: USERS|u1,u2,...")
            return "USERS"
        end
        return "USERS " .. self:add_users(bar + 1, #self.text)
    elseif spec == "cap" then
        return self:dissect_cap(bar)
    elseif spec == nil then
        if bar then self:add_string(self.item, f.args, bar + 1, #self.text) end
        local defined = SPEC[self.dir == "c2s" and "s2c" or "c2s"][word]
        self:expert(ef.direction, string.format("%s is %s", word,
            defined and ("not sent " .. (self.dir == "c2s" and "by a client" or "by the server"))
                or "reserved but has no defined form yet"))
        return word
    end
    local parts = split_after(self.text, bar, #spec)
    local values = {}
    for i, name in ipairs(spec) do
        local part = parts[i]
        if part then
            local _, value = self:add_string(self.item, FIELD_OF[name], part[1], part[2])
            values[name] = value
        elseif not spec.optional then
            self:expert(ef.malformed, string.format("%s needs %s (missing %s)",
                word, table.concat(spec, "|"), name))
            break
        end
    end
    if word == "ERROR" and values.reason then
        self:expert(ef.error_reply, "ERROR: " .. short(values.reason))
    end
    local function v(name) return short(values[name] or "?") end
    if word == "MSG" and self.dir == "c2s" then return "MSG to " .. v("target") .. ": " .. v("content") end
    if word == "MSG" or (word == "ALL" and self.dir == "s2c") then
        return word .. " from " .. v("sender") .. ": " .. v("content")
    end
    if word == "ALL" then return "ALL: " .. v("content") end
    if word == "QUIT" then return values.reason and ("QUIT " .. v("reason")) or "QUIT" end
    return word .. " " .. v(spec[1])
end

-- Names the line: a reserved word, or PRIVATE, HANDSHAKE, INVALID, EMPTY or UNKNOWN.
function Line:classify(pinfo, st, key)
    local text = self.text
    self.bar = text:find("|", 1, true)
    self.head = self.bar and text:sub(1, self.bar - 1) or text
    if RESERVED[self.head] then return self.head end
    if text == "" then return "EMPTY" end
    if self.dir == "s2c" then return "UNKNOWN" end
    if self.bar then return "PRIVATE" end
    -- A client line without "|" that is not a command: the handshake if it is the first one on
    -- this connection (decided on the first, in-order pass; later passes look it up), garbage
    -- after that.
    if not st.handshake and not pinfo.visited then st.handshake = key end
    if st.handshake == key then return "HANDSHAKE" end
    return "INVALID"
end

-- Adds the fields of a classified line; returns its summary.
function Line:dissect(cmd)
    local text, bar, head = self.text, self.bar, self.head
    if RESERVED[cmd] then
        return self:dissect_command(cmd, bar)
    elseif cmd == "EMPTY" then
        self:expert(ef.empty, "Empty line")
        return "(empty line)"
    elseif cmd == "UNKNOWN" then
        self:expert(ef.unknown, "The server sends only command lines")
        return short(utf8_clean(text))
    elseif cmd == "PRIVATE" then
        local _, target = self:add_string(self.item, f.target, 1, bar - 1)
        local _, content = self:add_string(self.item, f.content, bar + 1, #text)
        if RESERVED[head:upper()] then
            self:expert(ef.bad_username, "Target is a command word in the wrong case; the server "
                .. "answers ERROR")
        end
        return "to " .. short(target) .. ": " .. short(content)
    elseif cmd == "HANDSHAKE" then
        local _, name = self:add_string(self.item, f.username, 1, #text)
        local problem = username_problem(text)
        if problem then self:expert(ef.bad_username, "Username " .. problem) end
        return "login " .. short(name)
    end
    self:expert(ef.invalid, "Line without '|' after the handshake; the server answers ERROR")
    return short(utf8_clean(text))
end

local ARROW = { c2s = "C→S", s2c = "S→C" }
local DIR_LABEL = { c2s = "client → server", s2c = "server → client" }
-- Commands whose name is not on the wire; the item label names them.
local IMPLIED = { PRIVATE = true, HANDSHAKE = true, INVALID = true, UNKNOWN = true }

-- Adds one tree item for the line at [start, start + body + eol) and returns its summary.
local function dissect_line(tvb, pinfo, tree, start, body, eol, dir, st)
    local item = tree:add(sb, tvb(start, body + eol))
    local line = setmetatable({ tvb = tvb, base = start, dir = dir, item = item,
        text = body > 0 and tvb:raw(start, body) or "" }, Line)
    item:add(f.direction, dir):set_generated():set_text("Direction: " .. DIR_LABEL[dir])

    local ok, cmd, summary = pcall(function()
        local cmd = line:classify(pinfo, st, pinfo.number .. ":" .. start)
        if RESERVED[cmd] then
            item:add(f.cmd, tvb(start, #cmd), cmd)
        else
            item:add(f.cmd, cmd):set_generated()
        end
        item:add(f.len, body):set_generated()
        if body > 0 then line:add_string(item, f.line, 1, body) end
        local bad = utf8_error(line.text)
        if bad then
            item:add_tvb_expert_info(ef.bad_utf8, tvb(start + bad - 1, 1),
                string.format("Invalid UTF-8 at byte %d of the line", bad))
        end
        local nul = line.text:find("\0", 1, true)
        if nul then
            item:add_tvb_expert_info(ef.nul, tvb(start + nul - 1, 1),
                string.format("NUL byte at byte %d of the line", nul))
        end
        if body > DEFAULT_MAX_LINE_BYTES then
            line:expert(ef.too_long, string.format("%d bytes; the server's default limit is %d",
                body, DEFAULT_MAX_LINE_BYTES))
        end
        return cmd, line:dissect(cmd)
    end)
    if not ok then
        line:expert(ef.internal, "Dissector bug: " .. tostring(cmd))
        cmd, summary = "UNKNOWN", "(dissector bug)"
    end
    local text = ARROW[dir] .. " " .. (IMPLIED[cmd] and (cmd .. " ") or "") .. summary
    item:set_text("Switchboard " .. text)
    return text
end

---------------------------------------------------------------------------------------------------
-- Dissector entry points

function sb.dissector(tvb, pinfo, tree)
    local length = tvb:len()
    if length == 0 then return 0 end
    local data = tvb:raw(0, length)
    local st = stream_state(pinfo)
    local first_line = data:match("^([^\n]*)")
    if first_line then first_line = first_line:gsub("\r$", "") end
    local sp = server_port(pinfo, st, first_line)
    local dir = (pinfo.dst_port == sp and pinfo.src_port ~= sp) and "c2s"
        or (pinfo.src_port == sp and pinfo.dst_port ~= sp) and "s2c" or "c2s"

    local summaries = {}
    local offset = 0
    while offset < length do
        local nl = data:find("\n", offset + 1, true)
        local body, eol
        if nl then
            body = nl - 1 - offset
            eol = 1
            if body > 0 and data:byte(nl - 1) == 13 then
                body = body - 1
                eol = 2
            end
        elseif pinfo.can_desegment > 0 then
            -- The rest is the start of a line: ask TCP for more segments, then see it whole.
            pinfo.desegment_offset = offset
            pinfo.desegment_len = DESEGMENT_ONE_MORE_SEGMENT
            break
        else
            body, eol = length - offset, 0
        end
        summaries[#summaries + 1] = dissect_line(tvb, pinfo, tree, offset, body, eol, dir, st)
        if eol == 0 then
            tree:add_proto_expert_info(ef.incomplete, "Line without line end")
        end
        offset = offset + body + eol
    end
    if #summaries > 0 then
        pinfo.cols.protocol:set("Switchboard")
        pinfo.cols.info:set(table.concat(summaries, " ; "))
    end
    return length
end

local HEURISTIC_WORDS = { MSG = true, ALL = true, CAP = true, PING = true, PONG = true, QUIT = true,
    USERS = true, JOIN = true, LEAVE = true, WELCOME = true, ERROR = true }

-- Heuristic for ports other than the preference: a segment that starts with "WORD|" for a
-- command word, or (preference) the client's first segment being one valid username line.
local function heuristic(tvb, pinfo, tree)
    local length = tvb:len()
    if length < 2 then return false end
    local head = tvb:raw(0, math.min(length, 16))
    local word = head:match("^(%u+)|")
    if not (word and HEURISTIC_WORDS[word]) then
        -- Only the first payload seen on a connection can be a bare handshake.
        local st = stream_state(pinfo)
        local first = not st.seen
        if not pinfo.visited then st.seen = true end
        if not first or not sb.prefs.heuristic_handshake then return false end
        if length > 4 * MAX_USERNAME_CHARS + 2 then return false end
        local name = tvb:raw(0, length):match("^([^\n]+)\n$")
        if not name then return false end
        name = name:gsub("\r$", "")
        if username_problem(name) then return false end
    end
    pinfo.conversation = sb
    sb.dissector(tvb, pinfo, tree)
    return true
end

local tcp_port_table = DissectorTable.get("tcp.port")
local registered_port = 0

local function register_port()
    if registered_port ~= 0 then tcp_port_table:remove(registered_port, sb) end
    registered_port = sb.prefs.port
    if registered_port ~= 0 then tcp_port_table:add(registered_port, sb) end
end

function sb.prefs_changed()
    if registered_port ~= sb.prefs.port then register_port() end
end

register_port()
tcp_port_table:add_for_decode_as(sb)
sb:register_heuristic("tcp", heuristic)
