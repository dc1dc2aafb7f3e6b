namespace Berth.Api.Dashboard;

/// <summary>What the operator decided for the dashboard on the command line.</summary>
/// <param name="AllowSignUp">Whether the sign-up page makes accounts (the console API's sign-up follows the same flag).</param>
internal sealed record DashboardOptions(bool AllowSignUp);
