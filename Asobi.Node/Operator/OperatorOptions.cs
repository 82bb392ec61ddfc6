namespace Asobi.Node.Operator;

/// <summary>Operator access (<c>Asobi:Operator</c>).</summary>
public sealed class OperatorOptions
{
    public const string Section = "Asobi:Operator";

    /// <summary>Smallest accepted key, so a guessable key cannot switch operator routes on by accident.</summary>
    public const int MinKeyLength = 32;

    /// <summary>
    /// The shared secret operator tools send in <c>X-Asobi-Operator-Key</c>. No default: while unset, every operator
    /// route answers 403 <c>operator.disabled</c>.
    /// </summary>
    public string? Key { get; set; }
}
