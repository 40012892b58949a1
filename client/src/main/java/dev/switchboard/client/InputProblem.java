package dev.switchboard.client;

/**
 * A line from the server that the client could not use, recorded instead of thrown
 * ({@link ChatClient#recentInputProblems()}).
 *
 * @param line the line as received (abbreviated past 200 characters; empty when it could not be decoded)
 * @param reason why it was not used: {@code "unknown line"}, {@code "Line too long"},
 *               {@code "Invalid UTF-8, line discarded"}, or an internal error's description
 */
public record InputProblem(String line, String reason) {}
