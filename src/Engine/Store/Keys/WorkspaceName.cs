namespace Berth.Engine.Store.Keys;

/// <summary>
/// A workspace name is a DNS label (RFC 1123: lower-case letters, digits and '-', at most 63,
/// starting and ending alphanumeric), so it can appear in URLs, kubeconfigs and hostnames as is.
/// </summary>
public static class WorkspaceName
{
    public const int MaxLength = 63;

    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength)
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var alnum = c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
            if (!alnum && (c != '-' || i == 0 || i == name.Length - 1))
            {
                return false;
            }
        }

        return true;
    }

    public static void Validate(string? name)
    {
        if (!IsValid(name))
        {
            throw new StoreException(StoreErrorCode.InvalidArgument,
                $"workspace name '{name}' is invalid: it must be 1-{MaxLength} lower-case letters, digits or '-', starting and ending with a letter or digit");
        }
    }
}
