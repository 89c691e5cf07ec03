package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/oktagate/terraform-provider-oktagate/internal/okta"
)

// The user and factor shapes are shared by oktagate_users, oktagate_user and
// oktagate_user_factors.

type userModel struct {
	ID              types.String      `tfsdk:"id"`
	Login           types.String      `tfsdk:"login"`
	Email           types.String      `tfsdk:"email"`
	FirstName       types.String      `tfsdk:"first_name"`
	LastName        types.String      `tfsdk:"last_name"`
	Status          types.String      `tfsdk:"status"`
	Created         types.String      `tfsdk:"created"`
	Activated       types.String      `tfsdk:"activated"`
	StatusChanged   types.String      `tfsdk:"status_changed"`
	LastLogin       types.String      `tfsdk:"last_login"`
	LastUpdated     types.String      `tfsdk:"last_updated"`
	PasswordChanged types.String      `tfsdk:"password_changed"`
	UserTypeID      types.String      `tfsdk:"user_type_id"`
	Department      types.String      `tfsdk:"department"`
	Title           types.String      `tfsdk:"title"`
	EmployeeNumber  types.String      `tfsdk:"employee_number"`
	Profile         map[string]string `tfsdk:"profile"`
	Factors         []factorModel     `tfsdk:"factors"`   // nil (null) unless asked for
	GroupIDs        []string          `tfsdk:"group_ids"` // nil (null) unless asked for
}

func newUserModel(u okta.User) userModel {
	profile := make(map[string]string, len(u.Profile))
	for k, v := range u.Profile {
		profile[k] = v
	}
	return userModel{
		ID:              types.StringValue(u.ID),
		Login:           optionalString(u.Login()),
		Email:           optionalString(u.Email()),
		FirstName:       optionalString(u.Profile["firstName"]),
		LastName:        optionalString(u.Profile["lastName"]),
		Status:          types.StringValue(u.Status),
		Created:         timeValue(u.Created),
		Activated:       timeValue(u.Activated),
		StatusChanged:   timeValue(u.StatusChanged),
		LastLogin:       timeValue(u.LastLogin),
		LastUpdated:     timeValue(u.LastUpdated),
		PasswordChanged: timeValue(u.PasswordChanged),
		UserTypeID:      optionalString(u.TypeID),
		Department:      optionalString(u.Profile["department"]),
		Title:           optionalString(u.Profile["title"]),
		EmployeeNumber:  optionalString(u.Profile["employeeNumber"]),
		Profile:         profile,
	}
}

// userAttributes are a user's result attributes, all computed; callers add
// factors and group_ids with the description that fits them.
func userAttributes() map[string]schema.Attribute {
	str := func(desc string) schema.Attribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	stamp := func(what string) schema.Attribute {
		return schema.StringAttribute{
			MarkdownDescription: "When " + what + ", RFC 3339 in UTC; null when Okta has no value.",
			Computed:            true,
		}
	}
	return map[string]schema.Attribute{
		"id":               str("The user's Okta id (`00u…`)."),
		"login":            str("`profile.login`."),
		"email":            str("`profile.email`."),
		"first_name":       str("`profile.firstName`."),
		"last_name":        str("`profile.lastName`."),
		"status":           str("The lifecycle status: `STAGED`, `PROVISIONED`, `ACTIVE`, `RECOVERY`, `PASSWORD_EXPIRED`, `LOCKED_OUT`, `SUSPENDED` or `DEPROVISIONED`."),
		"created":          stamp("the user was created"),
		"activated":        stamp("the user was activated"),
		"status_changed":   stamp("the status last changed"),
		"last_login":       stamp("the user last signed in"),
		"last_updated":     stamp("the user was last updated"),
		"password_changed": stamp("the password was last changed"),
		"user_type_id":     str("The id of the user's type."),
		"department":       str("`profile.department`."),
		"title":            str("`profile.title`."),
		"employee_number":  str("`profile.employeeNumber`."),
		"profile": schema.MapAttribute{
			MarkdownDescription: "Every profile attribute, custom ones included, as a string: strings as they are, " +
				"numbers and booleans as Okta writes them (`42`, `true`), arrays and objects as compact JSON " +
				"(`[\"Paris, FR\",\"Lyon\"]`; read them with `jsondecode`); null attributes are left out.",
			ElementType: types.StringType,
			Computed:    true,
		},
	}
}

type factorModel struct {
	ID          types.String      `tfsdk:"id"`
	FactorType  types.String      `tfsdk:"factor_type"`
	Provider    types.String      `tfsdk:"provider"`
	VendorName  types.String      `tfsdk:"vendor_name"`
	Status      types.String      `tfsdk:"status"`
	Created     types.String      `tfsdk:"created"`
	LastUpdated types.String      `tfsdk:"last_updated"`
	Profile     map[string]string `tfsdk:"profile"`
}

// newFactorModels converts factors, never returning nil so a user without
// factors has an empty list rather than null.
func newFactorModels(factors []okta.Factor) []factorModel {
	out := make([]factorModel, 0, len(factors))
	for _, f := range factors {
		profile := make(map[string]string, len(f.Profile))
		for k, v := range f.Profile {
			profile[k] = v
		}
		out = append(out, factorModel{
			ID:          types.StringValue(f.ID),
			FactorType:  types.StringValue(f.FactorType),
			Provider:    optionalString(f.Provider),
			VendorName:  optionalString(f.VendorName),
			Status:      types.StringValue(f.Status),
			Created:     timeValue(f.Created),
			LastUpdated: timeValue(f.LastUpdated),
			Profile:     profile,
		})
	}
	return out
}

func factorsAttribute(desc string) schema.ListNestedAttribute {
	str := func(desc string) schema.Attribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	return schema.ListNestedAttribute{
		MarkdownDescription: desc,
		Computed:            true,
		NestedObject: schema.NestedAttributeObject{
			Attributes: map[string]schema.Attribute{
				"id":           str("The factor's id."),
				"factor_type":  str("The factor type: `sms`, `call`, `email`, `push`, `token:software:totp`, `token:hardware`, `webauthn`, `u2f`, `signed_nonce`, `question`…"),
				"provider":     str("The factor's provider: `OKTA`, `GOOGLE`, `FIDO`, `RSA`, `YUBICO`, `DUO`…"),
				"vendor_name":  str("The vendor name Okta reports for the factor."),
				"status":       str("The enrollment status: `ACTIVE`, `PENDING_ACTIVATION`, `NOT_SETUP`, `ENROLLED`, `INACTIVE` or `EXPIRED`."),
				"created":      str("When the factor was enrolled, RFC 3339 in UTC."),
				"last_updated": str("When the factor was last updated, RFC 3339 in UTC."),
				"profile": schema.MapAttribute{
					MarkdownDescription: "The factor's profile (phone number, credential id, authenticator name…) as strings: " +
						"strings as they are, numbers and booleans as Okta writes them, arrays and objects (e.g. Okta Verify's " +
						"`keys`) as compact JSON, to read with `jsondecode`; null attributes are left out.",
					ElementType: types.StringType,
					Computed:    true,
				},
			},
		},
	}
}
