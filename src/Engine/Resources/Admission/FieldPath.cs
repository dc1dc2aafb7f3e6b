namespace Berth.Engine.Resources.Admission;

/// <summary>
/// Where a field is, written as Kubernetes' <c>field.Path</c> writes it:
/// <c>spec.template.spec.containers[0].image</c>, <c>metadata.labels[app]</c>. kubectl prints it
/// verbatim, so it has to be exact.
/// </summary>
public readonly record struct FieldPath(string Text)
{
    public static FieldPath Root(string name) => new(name);

    public FieldPath Child(string name) => new(Text.Length == 0 ? name : Text + "." + name);

    public FieldPath Child(string name, params string[] more) =>
        more.Aggregate(Child(name), (path, next) => path.Child(next));

    public FieldPath Index(int index) => new(Text + "[" + index + "]");

    public FieldPath Key(string key) => new(Text + "[" + key + "]");

    public override string ToString() => Text;
}
