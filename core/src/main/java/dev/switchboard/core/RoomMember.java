package dev.switchboard.core;

/** A member of a room, and whether they are one of its operators. */
public record RoomMember(User user, boolean operator) { }
