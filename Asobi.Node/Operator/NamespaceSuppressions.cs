using System.Diagnostics.CodeAnalysis;

// "Operator" is a keyword only in Visual Basic; this namespace is internal to the node, never consumed from VB.
[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Scope = "namespace", Target = "~N:Asobi.Node.Operator",
    Justification = "Named after the operator role; not consumed from Visual Basic.")]
