namespace Asobi.Node.Social;

/// <summary>A value, or the rule that prevented it.</summary>
public readonly record struct SocialResult<T>(T? Value, SocialError? Error)
{
    public static implicit operator SocialResult<T>(T value) => new(value, null);

    public static implicit operator SocialResult<T>(SocialError error) => new(default, error);
}
