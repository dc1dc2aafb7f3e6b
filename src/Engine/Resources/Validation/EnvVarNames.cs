namespace Berth.Engine.Resources.Validation;

/// <summary>
/// Environment variable names under the relaxed rule Kubernetes 1.32 enables by default
/// (RelaxedEnvironmentVariableValidation): any printable ASCII but '='.
/// </summary>
public static class EnvVarNames
{
    public static IReadOnlyList<string> Errors(string name)
    {
        var errors = new List<string>();
        if (name.Length == 0)
        {
            errors.Add("environment variable name " + ValidationMessages.Empty);
        }

        if (name.Any(c => c > 0x7e || c < 0x20 || c == '='))
        {
            errors.Add("a valid environment variable name must consist only of printable ASCII characters other than '='");
        }

        return errors;
    }
}
