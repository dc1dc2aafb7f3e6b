using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Berth.Api.Tenancy;

/// <summary>
/// Names every column after its property in snake_case (<c>NormalizedUserName</c> →
/// <c>normalized_user_name</c>), as the rest of Berth's schema is written, so SQL written by hand
/// needs no quoted PascalCase identifiers.
/// </summary>
internal static class SnakeCaseColumns
{
    public static void Apply(ModelBuilder builder)
    {
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(Name(property.Name));
            }
        }
    }

    public static string Name(string pascal)
    {
        var name = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(pascal[i - 1]) || (i + 1 < pascal.Length && char.IsLower(pascal[i + 1]))))
            {
                name.Append('_');
            }

            name.Append(char.ToLowerInvariant(c));
        }

        return name.ToString();
    }
}
