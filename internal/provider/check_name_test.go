package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/oktagate/terraform-provider-oktagate/internal/compliance"
)

// TestCheckTypeNames: a check's resource type is its compliance check name,
// under the provider's prefix, and names controls (so compliance knows it);
// no two checks share one.
func TestCheckTypeNames(t *testing.T) {
	ctx := t.Context()
	var pm provider.MetadataResponse
	New("test")().Metadata(ctx, provider.MetadataRequest{}, &pm)
	seen := map[string]bool{}
	for _, f := range checkResources() {
		var rm resource.MetadataResponse
		f().Metadata(ctx, resource.MetadataRequest{ProviderTypeName: pm.TypeName}, &rm)
		name := rm.TypeName
		if !strings.HasPrefix(name, pm.TypeName+"_") {
			t.Errorf("%s: not under the provider's prefix %q", name, pm.TypeName+"_")
		}
		if len(compliance.Controls(name, nil)) == 0 {
			t.Errorf("%s: compliance knows no controls for it", name)
		}
		if seen[name] {
			t.Errorf("%s: two checks share it", name)
		}
		seen[name] = true
	}
}
