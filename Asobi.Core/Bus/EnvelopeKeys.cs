namespace Asobi.Bus;

/// <summary>Property names of the payload envelope; one letter each because every byte of a payload counts.</summary>
internal static class EnvelopeKeys
{
    public const string Origin = "o";
    public const string Sequence = "n";
    public const string SentAt = "t";
    public const string Entries = "e";
    public const string Topic = "k";
    public const string Json = "d";
    public const string Text = "s";
    public const string Reference = "r";
}
