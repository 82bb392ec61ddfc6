namespace Asobi.Node.Realtime;

/// <summary>
/// What a client said it supports in <c>session.connect {features}</c>. A client that names none gets the Erlang
/// Asobi behaviour: everything it needs arrives on the socket it opened.
/// </summary>
[Flags]
public enum ClientFeatures
{
    None = 0,

    /// <summary><c>"migrate"</c>: the client follows <c>match.migrate {url}</c> to the match's host node.</summary>
    Migrate = 1,
}

/// <summary>Reads the <c>features</c> field of <c>session.connect</c>.</summary>
public static class ClientFeatureNames
{
    public const string Migrate = "migrate";

    /// <summary>At most this many names are read; a longer list is refused as invalid.</summary>
    public const int MaxNames = 16;

    /// <summary>The flags for the names; unknown names are ignored so that newer clients work with older servers.</summary>
    public static ClientFeatures Parse(IEnumerable<string> names)
    {
        var features = ClientFeatures.None;
        foreach (var name in names)
        {
            if (string.Equals(name, Migrate, StringComparison.Ordinal))
            {
                features |= ClientFeatures.Migrate;
            }
        }

        return features;
    }

    /// <summary>The names this server understood, as <c>session.connected</c> echoes them.</summary>
    public static IReadOnlyList<string> Names(ClientFeatures features) =>
        features.HasFlag(ClientFeatures.Migrate) ? [Migrate] : [];
}
