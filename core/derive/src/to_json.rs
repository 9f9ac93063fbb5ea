//! `#[derive(ToJson)]`: the writer of a type, from its serde attributes.
//!
//! A struct with named fields writes its fields one by one (`rename_all`,
//! `rename`, `skip`, `skip_serializing`, `skip_serializing_if`, `with`,
//! `flatten`; `serialize_with` through serde), a `transparent` or newtype struct writes its one field,
//! an enum of unit variants writes its name, an `untagged` enum writes the
//! value its variant holds. Any other enum writes through its serde
//! `Serialize`, so its text is serde's whatever its attributes; any other
//! attribute that changes how a struct is written is refused at compile
//! time rather than written differently.

use proc_macro2::{Span, TokenStream as Tokens};
use quote::quote;
use syn::{Attribute, Data, DataEnum, DeriveInput, Fields, Ident, Path};

use super::{bounded, each_serde_item, renamed, skip_value, string, unraw, variant_name};

/// The container attributes that matter for writing.
#[derive(Default)]
struct Container {
    rename_all: Option<String>,
    transparent: bool,
    untagged: bool,
    /// `tag`, `content` or `into`: written by serde.
    by_serde: bool,
}

/// How one field is written.
struct FieldAttrs {
    rename: Option<String>,
    skip: bool,
    skip_if: Option<Path>,
    with: Option<Path>,
    /// `serialize_with`: written through serde.
    serialize_with: Option<Path>,
    flatten: bool,
}

pub(crate) fn expand(input: &DeriveInput) -> syn::Result<Tokens> {
    let name = &input.ident;
    let container = container(&input.attrs)?;
    let generics = bounded(&input.generics, syn::parse_quote!(crate::json_text::ToJson));
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let (write, fields, key) = match &input.data {
        Data::Struct(data) if container.transparent || !matches!(data.fields, Fields::Named(_)) => {
            let (write, fields) = newtype(&data.fields)?;
            (write, Some(fields), None)
        }
        Data::Struct(data) => {
            let fields = named(&data.fields, &container)?;
            let write = quote! {
                w.begin_object();
                crate::json_text::ToJson::write_fields(self, w);
                w.end_object();
            };
            (write, Some(fields), None)
        }
        Data::Enum(data) => {
            let (write, key) = variants(data, &container)?;
            (write, None, key)
        }
        Data::Union(_) => {
            return Err(syn::Error::new(
                Span::call_site(),
                "ToJson does not write unions",
            ));
        }
    };
    let fields = fields.map(|body| {
        quote! {
            fn write_fields(&self, w: &mut crate::json_text::Writer) {
                #body
            }
        }
    });
    let key = key.map(|body| {
        quote! {
            impl #impl_generics crate::json_text::JsonKey for #name #ty_generics #where_clause {
                fn json_key(&self) -> ::std::borrow::Cow<'_, str> {
                    ::std::borrow::Cow::Borrowed(#body)
                }
            }
        }
    });
    Ok(quote! {
        impl #impl_generics crate::json_text::ToJson for #name #ty_generics #where_clause {
            // One function per type, called from wherever the type is written.
            #[inline(never)]
            fn write_json(&self, w: &mut crate::json_text::Writer) {
                #write
            }
            #fields
        }
        #key
    })
}

/// A struct with one field, written as that field.
fn newtype(fields: &Fields) -> syn::Result<(Tokens, Tokens)> {
    let mut iter = fields.iter();
    let (Some(field), None) = (iter.next(), iter.next()) else {
        return Err(syn::Error::new(
            Span::call_site(),
            "ToJson writes structs with named fields, or with one field",
        ));
    };
    let member = match &field.ident {
        Some(ident) => quote! { #ident },
        None => quote! { 0 },
    };
    Ok((
        quote! { crate::json_text::ToJson::write_json(&self.#member, w); },
        quote! { crate::json_text::ToJson::write_fields(&self.#member, w); },
    ))
}

/// The fields of a struct written as a JSON object, in declaration order.
fn named(fields: &Fields, container: &Container) -> syn::Result<Tokens> {
    if container.untagged || container.by_serde {
        return Err(syn::Error::new(
            Span::call_site(),
            "ToJson writes a struct's `tag`, `content`, `into` or `untagged` only on enums",
        ));
    }
    let mut out = Vec::new();
    for field in fields {
        let attrs = field_attrs(&field.attrs)?;
        let Some(ident) = &field.ident else {
            return Err(syn::Error::new(Span::call_site(), "a field without a name"));
        };
        if attrs.skip {
            continue;
        }
        let write = match (&attrs.with, attrs.flatten) {
            (Some(_), true) => {
                return Err(syn::Error::new_spanned(
                    ident,
                    "ToJson does not flatten a field written `with` a module",
                ));
            }
            (None, true) => quote! { crate::json_text::ToJson::write_fields(&self.#ident, w); },
            (Some(module), false) => quote! { #module::write_json(&self.#ident, w); },
            (None, false) => match &attrs.serialize_with {
                Some(function) => with_serde(function, &field.ty, ident),
                None => quote! { crate::json_text::ToJson::write_json(&self.#ident, w); },
            },
        };
        let write = if attrs.flatten {
            write
        } else {
            let name = match &attrs.rename {
                Some(name) => name.clone(),
                None => renamed(&unraw(ident), container.rename_all.as_deref())?,
            };
            quote! { w.key(#name); #write }
        };
        out.push(match &attrs.skip_if {
            Some(path) => quote! { if !#path(&self.#ident) { #write } },
            None => write,
        });
    }
    Ok(quote! { #(#out)* })
}

/// A field written by a serde function, through a wrapper whose
/// `Serialize` calls it.
fn with_serde(function: &Path, ty: &syn::Type, ident: &Ident) -> Tokens {
    quote! {
        {
            struct With<'a>(&'a #ty);
            impl serde::Serialize for With<'_> {
                fn serialize<S: serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> ::core::result::Result<S::Ok, S::Error> {
                    #function(self.0, serializer)
                }
            }
            w.serde(&With(&self.#ident));
        }
    }
}

/// An enum's writer, and its key's text when its variants are all units.
fn variants(data: &DataEnum, container: &Container) -> syn::Result<(Tokens, Option<Tokens>)> {
    let serde = (quote! { w.serde(self); }, None);
    if container.by_serde {
        return Ok(serde);
    }
    let mut arms = Vec::new();
    let mut names = Vec::new();
    for variant in &data.variants {
        let Some(rename) = variant_rename(&variant.attrs)? else {
            return Ok(serde);
        };
        let ident = &variant.ident;
        match (&variant.fields, container.untagged) {
            (Fields::Unit, false) => {
                let name = match rename {
                    Some(name) => name,
                    None => variant_name(&unraw(ident), container.rename_all.as_deref())?,
                };
                arms.push(quote! { Self::#ident => w.string(#name), });
                names.push(quote! { Self::#ident => #name, });
            }
            (Fields::Unit, true) => arms.push(quote! { Self::#ident => w.raw("null"), }),
            (Fields::Unnamed(one), true) if one.unnamed.len() == 1 => arms.push(quote! {
                Self::#ident(value) => crate::json_text::ToJson::write_json(value, w),
            }),
            _ => return Ok(serde),
        }
    }
    let write = quote! {
        match self {
            #(#arms)*
        }
    };
    let key =
        (!container.untagged && !names.is_empty()).then(|| quote! { match self { #(#names)* } });
    Ok((write, key))
}

/// A variant's `rename`: `Some(None)` without one, `None` when another
/// attribute changes how it is written (then serde writes the enum).
fn variant_rename(attrs: &[Attribute]) -> syn::Result<Option<Option<String>>> {
    let mut rename = None;
    let mut plain = true;
    each_serde_item(attrs, |key, meta| {
        match key {
            "rename" => rename = Some(string(meta)?),
            // Only reading is changed by these.
            "alias" | "other" | "skip_deserializing" => skip_value(meta)?,
            _ => {
                plain = false;
                skip_value(meta)?;
            }
        }
        Ok(())
    })?;
    Ok(plain.then_some(rename))
}

/// The serde attributes of a container that change its text.
fn container(attrs: &[Attribute]) -> syn::Result<Container> {
    let mut c = Container::default();
    each_serde_item(attrs, |key, meta| {
        match key {
            "rename_all" => c.rename_all = Some(string(meta)?),
            "transparent" => c.transparent = true,
            "untagged" => c.untagged = true,
            "tag" | "content" | "into" => {
                skip_value(meta)?;
                c.by_serde = true;
            }
            // Only reading is changed by these; a struct's `rename` names
            // it to serde only.
            "deny_unknown_fields"
            | "default"
            | "try_from"
            | "from"
            | "rename"
            | "expecting"
            | "field_identifier"
            | "variant_identifier" => skip_value(meta)?,
            _ => return Err(meta.error(format!("ToJson does not write `serde({key})`"))),
        }
        Ok(())
    })?;
    Ok(c)
}

/// The serde attributes of a field that change its text.
fn field_attrs(attrs: &[Attribute]) -> syn::Result<FieldAttrs> {
    let mut f = FieldAttrs {
        rename: None,
        skip: false,
        skip_if: None,
        with: None,
        serialize_with: None,
        flatten: false,
    };
    each_serde_item(attrs, |key, meta| {
        match key {
            "rename" => f.rename = Some(string(meta)?),
            "skip" | "skip_serializing" => f.skip = true,
            "skip_serializing_if" => f.skip_if = Some(syn::parse_str(&string(meta)?)?),
            "with" => f.with = Some(syn::parse_str(&string(meta)?)?),
            "serialize_with" => f.serialize_with = Some(syn::parse_str(&string(meta)?)?),
            "flatten" => f.flatten = true,
            // Only reading is changed by these.
            "alias" | "deserialize_with" | "default" | "skip_deserializing" => skip_value(meta)?,
            _ => return Err(meta.error(format!("ToJson does not write `serde({key})`"))),
        }
        Ok(())
    })?;
    Ok(f)
}
