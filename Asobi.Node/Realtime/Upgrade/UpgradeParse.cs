namespace Asobi.Node.Realtime.Upgrade;

/// <summary>What the bytes received so far say about a connection.</summary>
public enum UpgradeParse
{
    /// <summary>Not a <c>/ws</c> upgrade this path handles: hand the connection to the HTTP stack untouched.</summary>
    NotOurs,

    /// <summary>Could still be one: read more.</summary>
    NeedMore,

    /// <summary>A complete, valid upgrade head.</summary>
    Upgrade,
}
