namespace Asobi.Node.Social;

/// <summary>The catalogue of chat, DM, friend, notification and group errors.</summary>
public static class SocialErrors
{
    public static readonly SocialError InvalidChannel = new("chat.invalid_channel", "invalid_channel",
        "Channel ids are global:<name>, room:<group_id>, match:<match_id> or dm:<lower id>:<higher id>.", 400);
    public static readonly SocialError Forbidden = new("chat.forbidden", "forbidden", "You may not use this channel.", 403);
    public static readonly SocialError NotJoined = new("chat.not_joined", "not_joined", "Join the channel before sending to it.", 403);
    public static readonly SocialError TooManyChannels = new("chat.too_many_channels", "too_many_channels", "This socket has joined too many channels.", 409);
    public static readonly SocialError ContentEmpty = new("chat.content_empty", "content_empty", "content must be a non-empty string.", 400);
    public static readonly SocialError ContentTooLarge = new("chat.content_too_large", "content_too_large", "content is too large.", 413);
    public static readonly SocialError RateLimited = new("chat.rate_limited", "rate_limited", "You are sending messages too fast.", 429);
    public static readonly SocialError Unavailable = new("chat.unavailable", "unavailable", "Chat storage is unavailable; the message was not sent.", 503);
    public static readonly SocialError DmBlocked = new("dm.blocked", "blocked", "You cannot send messages to this player.", 403);
    public static readonly SocialError DmRecipientNotFound = new("dm.recipient_not_found", "recipient_not_found", "No such player.", 404);
    public static readonly SocialError DmSelf = new("dm.invalid_recipient", "invalid_recipient", "You cannot send a message to yourself.", 400);
    public static readonly SocialError NotFound = new("not_found", "not_found", "Not found.", 404);
    public static readonly SocialError Conflict = new("conflict", "conflict", "The request conflicts with the current state.", 409);
    public static readonly SocialError NotPermitted = new("forbidden", "forbidden", "You are not allowed to do this.", 403);
    public static readonly SocialError Validation = new("validation_failed", "validation_failed", "Some fields are invalid.", 422);
    public static readonly SocialError Invalid = new("invalid_request", "invalid_request", "The request is invalid.", 400);
}
