namespace Asobi.Node.Social.Presence;

/// <summary>A player's presence as stored now, with those of a node's players who are their accepted friends.</summary>
/// <param name="PlayerId">The player whose presence changed.</param>
/// <param name="Version">The presence version now; see <see cref="PresenceState.Version"/>.</param>
/// <param name="Online">Whether a live node holds a socket of the player.</param>
/// <param name="Status">The player's status text.</param>
/// <param name="LastSeen">When the player was last seen online.</param>
/// <param name="Friends">The asked-about players who are accepted friends of this one.</param>
public sealed record FriendPresence(Guid PlayerId, long Version, bool Online, string Status, DateTimeOffset LastSeen, Guid[] Friends);
