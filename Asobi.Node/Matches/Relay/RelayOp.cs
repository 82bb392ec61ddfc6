namespace Asobi.Node.Matches.Relay;

/// <summary>The operations of a <see cref="RelayCommand"/>.</summary>
public static class RelayOp
{
    /// <summary>Seat the player (or take them back within the grace) and send them <c>match.joined</c> and the state.</summary>
    public const string Join = "join";

    /// <summary>Queue the player's input for the next tick, as a local <c>match.input</c>.</summary>
    public const string Input = "input";

    /// <summary>The player leaves for good, as a local <c>match.leave</c>.</summary>
    public const string Leave = "leave";

    /// <summary>The player's last socket on the relaying node closed: the seat waits for its grace.</summary>
    public const string Disconnect = "disconnect";

    public static bool IsKnown(string? op) => op is Join or Input or Leave or Disconnect;
}
