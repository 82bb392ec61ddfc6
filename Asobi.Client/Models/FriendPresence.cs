namespace Asobi.Client;

/// <summary>Whether a friend is online now (read on connect instead of polling); <c>LastSeen</c> in Unix ms.</summary>
public sealed record FriendPresence(bool Online, string Status, long LastSeen);
