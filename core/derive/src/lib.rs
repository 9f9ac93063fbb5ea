//! `#[derive(FromJson)]` and `#[derive(ToJson)]`: the readers and writers
//! chitieu generates for its contract types, an implementation detail of
//! the `chitieu` crate (the code they write names `crate::json_text`, so
//! they work in that crate only). The writer is described in its module,
//! `to_json`; the rest of this page is about the reader.
//!
//! Why not serde's derive: serde writes, for every type, a field
//! identifier visitor, a map visitor over generic map access and seeds,
//! and a string comparison per field name. The reader generated here is
//! one plain function per type: the keys are matched by one shared
//! look-up over a table of names (`json_text::Fields`), repeated keys
//! are a bit each, and each field's value is read by its type's own
//! reader. In the browser module that is about 5% less code for the same
//! reading (measured in BENCHMARKS.md), and it takes serde's
//! visitors out of the data set's path.
//!
//! It reads the type's own `#[serde(...)]` attributes, so a type states its
//! JSON shape once, and the errors are serde's, word for word: an unknown,
//! repeated or missing field, or a value of the wrong kind, gives the
//! message serde's derive would, placed at the same path.
//!
//! Supported: structs with named fields (`deny_unknown_fields`,
//! `rename_all`, `rename`, `default`, `try_from`, `transparent` on the
//! container; `rename`, `alias`, `default`, `skip`, `skip_deserializing`,
//! `with`, `deserialize_with` on fields) and enums, which are read by
//! their serde `Deserialize` (a name is a small visitor). Anything else
//! that changes how a value is read is refused at compile time rather
//! than read differently.

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as Tokens};
use quote::quote;
use syn::meta::ParseNestedMeta;
use syn::{
    Attribute, Data, DeriveInput, Fields, GenericParam, Ident, LitStr, Path, Type,
    parse_macro_input,
};

/// Implements `crate::json_text::FromJson` from the type's serde
/// attributes (see the crate documentation).
#[proc_macro_derive(FromJson, attributes(serde))]
pub fn derive_from_json(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(tokens) => tokens.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

mod to_json;

/// Implements `crate::json_text::ToJson` (and `JsonKey` for an enum of
/// unit variants) from the type's serde attributes.
#[proc_macro_derive(ToJson, attributes(serde))]
pub fn derive_to_json(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match to_json::expand(&input) {
        Ok(tokens) => tokens.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// How a missing value is filled in: serde's `default`.
enum Default {
    None,
    Trait,
    Function(Path),
}

/// The container attributes that matter for reading.
struct Container {
    name: Option<String>,
    rename_all: Option<String>,
    deny_unknown_fields: bool,
    default: Default,
    try_from: Option<Type>,
    transparent: bool,
}

/// How a field's value is read.
enum Reader {
    /// The field type's `FromJson`.
    Own,
    /// A serde deserialize function (`with`'s module, `deserialize_with`).
    Function(Path),
}

/// The field attributes that matter for reading.
struct FieldAttrs {
    rename: Option<String>,
    aliases: Vec<String>,
    default: Default,
    skip: bool,
    reader: Reader,
}

fn expand(input: &DeriveInput) -> syn::Result<Tokens> {
    let name = &input.ident;
    if let Data::Enum(data) = &input.data {
        if let Some(reader) = unit_variants(input, data)? {
            return Ok(reader);
        }
        // Any other enum is read by its serde `Deserialize`, attributes and all.
        let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
        return Ok(quote! {
            impl #impl_generics crate::json_text::FromJson for #name #ty_generics #where_clause {
                fn from_json(
                    r: &mut crate::json_text::Reader<'_>,
                ) -> ::core::result::Result<Self, crate::json_text::ReadError> {
                    serde::Deserialize::deserialize(r)
                }
            }
        });
    }
    let container = container(&input.attrs)?;
    let generics = bounded(
        &input.generics,
        syn::parse_quote!(crate::json_text::FromJson),
    );
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let body = match (&input.data, &container) {
        (
            _,
            Container {
                try_from: Some(repr),
                ..
            },
        ) => quote! {
            let repr = <#repr as crate::json_text::FromJson>::from_json(r)?;
            <Self as ::core::convert::TryFrom<#repr>>::try_from(repr)
                .map_err(<crate::json_text::ReadError as serde::de::Error>::custom)
        },
        (
            Data::Struct(data),
            Container {
                transparent: true, ..
            },
        ) => transparent(&data.fields)?,
        (Data::Struct(data), _) => match &data.fields {
            Fields::Named(_) => object(input, &container, &data.fields)?,
            _ => {
                return Err(syn::Error::new(
                    Span::call_site(),
                    "FromJson reads structs with named fields (or `transparent` ones)",
                ));
            }
        },
        (Data::Enum(_) | Data::Union(_), _) => {
            return Err(syn::Error::new(
                Span::call_site(),
                "FromJson does not read unions",
            ));
        }
    };
    Ok(quote! {
        impl #impl_generics crate::json_text::FromJson for #name #ty_generics #where_clause {
            // One function per type, called from wherever the type is read.
            #[inline(never)]
            fn from_json(
                r: &mut crate::json_text::Reader<'_>,
            ) -> ::core::result::Result<Self, crate::json_text::ReadError> {
                #body
            }
        }
    })
}

/// The reader of an enum whose variants are all units, named as serde
/// names them: one shared visitor reads the name, `None` when a variant
/// or the enum has an attribute this does not read (serde reads those).
fn unit_variants(input: &DeriveInput, data: &syn::DataEnum) -> syn::Result<Option<Tokens>> {
    let Some(container) = enum_container(&input.attrs)? else {
        return Ok(None);
    };
    let mut names: Vec<String> = Vec::new();
    let mut index: Vec<u8> = Vec::new();
    let mut arms = Vec::new();
    for (i, variant) in data.variants.iter().enumerate() {
        let Some((rename, aliases)) = variant_attrs(&variant.attrs)? else {
            return Ok(None);
        };
        let (Fields::Unit, Ok(position)) = (&variant.fields, u8::try_from(i)) else {
            return Ok(None);
        };
        let name = match rename {
            Some(name) => name,
            None => variant_name(&unraw(&variant.ident), container.rename_all.as_deref())?,
        };
        // serde lists a variant's names sorted, its own among its aliases.
        let mut own = aliases;
        own.push(name);
        own.sort();
        own.dedup();
        index.extend(own.iter().map(|_| position));
        names.extend(own);
        let ident = &variant.ident;
        arms.push(quote! { #position => Self::#ident, });
    }
    let Ok(count) = u8::try_from(data.variants.len()) else {
        return Ok(None);
    };
    let name = &input.ident;
    // serde names the Rust type here, whatever its `rename`.
    let expecting = format!("enum {name}");
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    Ok(Some(quote! {
        impl #impl_generics crate::json_text::FromJson for #name #ty_generics #where_clause {
            #[inline(never)]
            fn from_json(
                r: &mut crate::json_text::Reader<'_>,
            ) -> ::core::result::Result<Self, crate::json_text::ReadError> {
                const VARIANTS: crate::json_text::Variants = crate::json_text::Variants {
                    names: &[#(#names),*],
                    index: &[#(#index),*],
                    count: #count,
                    expecting: #expecting,
                };
                ::core::result::Result::Ok(match r.unit_variant(&VARIANTS)? {
                    #(#arms)*
                    // `unit_variant` gives a position below `count`.
                    _ => return ::core::result::Result::Err(
                        <crate::json_text::ReadError as serde::de::Error>::custom("variant index"),
                    ),
                })
            }
        }
    }))
}

/// An enum's `rename_all`, or `None` when another attribute changes how
/// it is read.
fn enum_container(attrs: &[Attribute]) -> syn::Result<Option<Container>> {
    let mut plain = true;
    each_serde_item(attrs, |key, meta| {
        plain &= matches!(key, "rename_all" | "rename");
        skip_value(meta)
    })?;
    if !plain {
        return Ok(None);
    }
    container(attrs).map(Some)
}

/// A variant's `rename` and `alias`es, or `None` when another attribute
/// changes how it is read.
fn variant_attrs(attrs: &[Attribute]) -> syn::Result<Option<(Option<String>, Vec<String>)>> {
    let mut rename = None;
    let mut aliases = Vec::new();
    let mut plain = true;
    each_serde_item(attrs, |key, meta| {
        match key {
            "rename" => rename = Some(string(meta)?),
            "alias" => aliases.push(string(meta)?),
            _ => {
                plain = false;
                skip_value(meta)?;
            }
        }
        Ok(())
    })?;
    Ok(plain.then_some((rename, aliases)))
}

/// A variant's name under serde's `rename_all` rule (serde renames
/// variants from their PascalCase name).
fn variant_name(variant: &str, rule: Option<&str>) -> syn::Result<String> {
    let mut snake = String::new();
    for (i, c) in variant.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            snake.push('_');
        }
        snake.extend(c.to_lowercase());
    }
    Ok(match rule {
        None | Some("PascalCase") => variant.to_string(),
        Some("lowercase") => variant.to_lowercase(),
        Some("UPPERCASE") => variant.to_uppercase(),
        Some("camelCase") => {
            let mut chars = variant.chars();
            chars
                .next()
                .map(|first| first.to_lowercase().chain(chars).collect())
                .unwrap_or_default()
        }
        Some(rule) => renamed(&snake, Some(rule))?,
    })
}

/// A struct with one field, read as that field's value.
fn transparent(fields: &Fields) -> syn::Result<Tokens> {
    let mut iter = fields.iter();
    let (Some(field), None) = (iter.next(), iter.next()) else {
        return Err(syn::Error::new(
            Span::call_site(),
            "`transparent` needs exactly one field",
        ));
    };
    let ty = &field.ty;
    let value = quote! { <#ty as crate::json_text::FromJson>::from_json(r)? };
    Ok(match &field.ident {
        Some(ident) => quote! { ::core::result::Result::Ok(Self { #ident: #value }) },
        None => quote! { ::core::result::Result::Ok(Self(#value)) },
    })
}

/// The reader of a struct written as a JSON object.
fn object(input: &DeriveInput, container: &Container, fields: &Fields) -> syn::Result<Tokens> {
    let expecting = format!(
        "struct {}",
        container
            .name
            .clone()
            .unwrap_or_else(|| input.ident.to_string())
    );
    let mut parts = ObjectParts::default();
    for (i, field) in fields.iter().enumerate() {
        parts.add_field(i, field, container)?;
    }
    let ObjectParts {
        slots,
        arms,
        members,
        known,
        slot_of,
        own_names,
    } = parts;
    let deny = container.deny_unknown_fields;
    let container_default = match &container.default {
        Default::None => quote! {},
        Default::Trait => quote! { let __default: Self = ::core::default::Default::default(); },
        Default::Function(path) => quote! { let __default: Self = #path(); },
    };
    Ok(quote! {
        const FIELDS: crate::json_text::Fields = crate::json_text::Fields {
            names: &[#(#known),*],
            slots: &[#(#slot_of),*],
            own: &[#(#own_names),*],
            deny_unknown: #deny,
        };
        let mut object = r.object(#expecting)?;
        #(#slots)*
        // The slots are filled by reference, so an error inside the loop
        // returns without dropping them: they are dropped once, below.
        let read = (|| {
            let mut seen = 0;
            while let ::core::option::Option::Some(key) = r.key(&mut object)? {
                // The key's slot, the first time it is seen (one function
                // for every type: the names are data).
                match r.slot(&key, &FIELDS, &mut seen)? {
                    #(#arms)*
                    _ => {}
                }
            }
            ::core::result::Result::Ok(())
        })();
        r.end_object(object, read)?;
        #container_default
        ::core::result::Result::Ok(Self { #(#members),* })
    })
}

/// The pieces of an object's reader, gathered field by field.
#[derive(Default)]
struct ObjectParts {
    /// One `Option` per field read, filled when its key comes.
    slots: Vec<Tokens>,
    /// One match arm per field read: its value into its slot.
    arms: Vec<Tokens>,
    /// Each field of `Self { … }`: its slot's value, or the value of an
    /// absent field.
    members: Vec<Tokens>,
    // serde's list of the names a key may have (for its "expected one of"),
    // with the slot each fills and the slots' own names.
    known: Vec<String>,
    slot_of: Vec<u8>,
    own_names: Vec<String>,
}

impl ObjectParts {
    /// Adds the field at position `i` of the struct: a skipped field only
    /// to the members, any other to every piece.
    fn add_field(
        &mut self,
        i: usize,
        field: &syn::Field,
        container: &Container,
    ) -> syn::Result<()> {
        let attrs = field_attrs(&field.attrs)?;
        let Some(ident) = &field.ident else {
            return Err(syn::Error::new(Span::call_site(), "a field without a name"));
        };
        let slot = Ident::new(&format!("__field{i}"), Span::call_site());
        let ty = &field.ty;
        let name = match &attrs.rename {
            Some(name) => name.clone(),
            None => renamed(&unraw(ident), container.rename_all.as_deref())?,
        };
        let missing = missing(&attrs, container, ident, ty, &name)?;
        if attrs.skip {
            self.members.push(quote! { #ident: #missing });
            return Ok(());
        }
        let index = u8::try_from(self.own_names.len())
            .ok()
            .filter(|&n| n < 64)
            .ok_or_else(|| syn::Error::new_spanned(ident, "FromJson reads at most 64 fields"))?;
        // serde lists a field's names sorted, its own among its aliases.
        let mut names = attrs.aliases.clone();
        names.push(name.clone());
        names.sort();
        names.dedup();
        self.slot_of.extend(names.iter().map(|_| index));
        self.known.extend(names);
        self.own_names.push(name);
        let read = match &attrs.reader {
            Reader::Own => quote! { <#ty as crate::json_text::FromJson>::from_json(r) },
            Reader::Function(path) => quote! { #path(&mut *r) },
        };
        self.slots.push(
            quote! { let mut #slot: ::core::option::Option<#ty> = ::core::option::Option::None; },
        );
        let index = usize::from(index);
        self.arms.push(quote! {
            ::core::option::Option::Some(#index) => {
                #slot = ::core::option::Option::Some(match #read {
                    ::core::result::Result::Ok(value) => value,
                    ::core::result::Result::Err(e) => return ::core::result::Result::Err(r.place(e)),
                });
            }
        });
        self.members.push(quote! {
            #ident: match #slot {
                ::core::option::Option::Some(value) => value,
                ::core::option::Option::None => #missing,
            }
        });
        Ok(())
    }
}

/// The value of a field that is absent (serde's rules: its own default,
/// else the container's, else `None` for an `Option` read by its type,
/// else the error "missing field").
fn missing(
    attrs: &FieldAttrs,
    container: &Container,
    ident: &Ident,
    ty: &Type,
    name: &str,
) -> syn::Result<Tokens> {
    Ok(match (&attrs.default, &container.default, &attrs.reader) {
        (Default::Trait, _, _) => quote! { ::core::default::Default::default() },
        (Default::Function(path), _, _) => quote! { #path() },
        (Default::None, Default::Trait | Default::Function(_), _) => quote! { __default.#ident },
        // serde gives a skipped field without a default its type's.
        (Default::None, Default::None, _) if attrs.skip => {
            quote! { ::core::default::Default::default() }
        }
        (Default::None, Default::None, Reader::Own) => {
            quote! { <#ty as crate::json_text::FromJson>::absent(#name)? }
        }
        (Default::None, Default::None, Reader::Function(_)) => quote! {
            return ::core::result::Result::Err(
                <crate::json_text::ReadError as serde::de::Error>::missing_field(#name),
            )
        },
    })
}

/// A field's name without its `r#`.
fn unraw(ident: &Ident) -> String {
    let text = ident.to_string();
    text.strip_prefix("r#").map(str::to_string).unwrap_or(text)
}

/// A field's name under serde's `rename_all` rule.
fn renamed(field: &str, rule: Option<&str>) -> syn::Result<String> {
    Ok(match rule {
        None | Some("snake_case") => field.to_string(),
        Some("kebab-case") => field.replace('_', "-"),
        Some("lowercase") => field.to_lowercase(),
        Some("UPPERCASE" | "SCREAMING_SNAKE_CASE") => field.to_uppercase(),
        Some("SCREAMING-KEBAB-CASE") => field.to_uppercase().replace('_', "-"),
        Some("camelCase") => {
            let mut out = String::new();
            let mut upper = false;
            for c in field.chars() {
                if c == '_' {
                    upper = true;
                } else if upper {
                    out.extend(c.to_uppercase());
                    upper = false;
                } else {
                    out.push(c);
                }
            }
            out
        }
        Some(other) => {
            return Err(syn::Error::new(
                Span::call_site(),
                format!("FromJson does not know the rename rule {other:?}"),
            ));
        }
    })
}

/// `generics` with `bound` on every type parameter: a type's reader or
/// writer needs its parameters' own.
fn bounded(generics: &syn::Generics, bound: syn::TypeParamBound) -> syn::Generics {
    let mut generics = generics.clone();
    for param in &mut generics.params {
        if let GenericParam::Type(t) = param {
            t.bounds.push(bound.clone());
        }
    }
    generics
}

/// Calls `each` with the name of every item of the `#[serde(...)]`
/// attributes in `attrs` (`rename`, `default`…) and its parser, which
/// reads a value after `=`: the one loop every attribute reader shares.
fn each_serde_item(
    attrs: &[Attribute],
    mut each: impl FnMut(&str, &ParseNestedMeta<'_>) -> syn::Result<()>,
) -> syn::Result<()> {
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            let key = meta
                .path
                .get_ident()
                .map(Ident::to_string)
                .unwrap_or_default();
            each(&key, &meta)
        })?;
    }
    Ok(())
}

/// Consumes an item's `= "…"`, if it has one, unread.
fn skip_value(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        string(meta)?;
    }
    Ok(())
}

/// The text of `= "…"`.
fn string(meta: &ParseNestedMeta<'_>) -> syn::Result<String> {
    Ok(meta.value()?.parse::<LitStr>()?.value())
}

/// The serde attributes of a container.
fn container(attrs: &[Attribute]) -> syn::Result<Container> {
    let mut c = Container {
        name: None,
        rename_all: None,
        deny_unknown_fields: false,
        default: Default::None,
        try_from: None,
        transparent: false,
    };
    each_serde_item(attrs, |key, meta| {
        match key {
            "deny_unknown_fields" => c.deny_unknown_fields = true,
            "transparent" => c.transparent = true,
            "rename_all" => c.rename_all = Some(string(meta)?),
            "rename" => c.name = Some(string(meta)?),
            "try_from" => c.try_from = Some(syn::parse_str(&string(meta)?)?),
            "default" => c.default = default(meta)?,
            // Only writing is changed by these (or, for enums, serde reads them).
            "into" | "rename_all_fields" | "expecting" | "crate" => skip_value(meta)?,
            _ => return Err(meta.error(format!("FromJson does not read `serde({key})`"))),
        }
        Ok(())
    })?;
    Ok(c)
}

/// `default` or `default = "path"`.
fn default(meta: &ParseNestedMeta<'_>) -> syn::Result<Default> {
    if meta.input.peek(syn::Token![=]) {
        Ok(Default::Function(syn::parse_str(&string(meta)?)?))
    } else {
        Ok(Default::Trait)
    }
}

/// The serde attributes of a field.
fn field_attrs(attrs: &[Attribute]) -> syn::Result<FieldAttrs> {
    let mut f = FieldAttrs {
        rename: None,
        aliases: Vec::new(),
        default: Default::None,
        skip: false,
        reader: Reader::Own,
    };
    each_serde_item(attrs, |key, meta| {
        match key {
            "rename" => f.rename = Some(string(meta)?),
            "alias" => f.aliases.push(string(meta)?),
            "default" => f.default = default(meta)?,
            "skip" | "skip_deserializing" => f.skip = true,
            "with" => {
                let module: Path = syn::parse_str(&string(meta)?)?;
                f.reader = Reader::Function(syn::parse_quote!(#module::deserialize));
            }
            "deserialize_with" => f.reader = Reader::Function(syn::parse_str(&string(meta)?)?),
            // Only writing is changed by these.
            "skip_serializing_if" | "serialize_with" | "skip_serializing" => skip_value(meta)?,
            _ => return Err(meta.error(format!("FromJson does not read `serde({key})`"))),
        }
        Ok(())
    })?;
    Ok(f)
}
